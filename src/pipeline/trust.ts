import type { CampaignConfig } from '../config/types.js';
import type { ConversationState } from '../core/conversation.js';
import type { InboundMail } from '../mail/parse.js';
import type { SpooledMessage } from '../store/spool.js';

/** What SPF, DKIM and DMARC said, computed from the connection's own facts. */
export interface AuthenticationVerdict {
  verdict: 'pass' | 'fail' | 'none';
  [detail: string]: unknown;
}

export type Authenticator = (input: { message: SpooledMessage; mail: InboundMail }) => Promise<AuthenticationVerdict>;

/**
 * Whether this message may create, move or cancel a meeting. A failed check counts when the
 * campaign says so, and always when a meeting is at stake: mail that claims to come from a
 * contact but fails DMARC never changes their booking.
 */
export function isTrusted(authentication: AuthenticationVerdict, campaign: CampaignConfig, state: ConversationState): boolean {
  if (authentication.verdict !== 'fail') return true;
  if (state.booking) return false;
  return campaign.onAuthenticationFailure === 'record';
}
