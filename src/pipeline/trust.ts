import type { InboundMail } from '../mail/parse.js';
import type { SpooledMessage } from '../store/spool.js';

/** What SPF, DKIM and DMARC said, computed from the connection's own facts. */
export interface AuthenticationVerdict {
  verdict: 'pass' | 'fail' | 'none';
  [detail: string]: unknown;
}

export type Authenticator = (input: { message: SpooledMessage; mail: InboundMail }) => Promise<AuthenticationVerdict>;

/**
 * Whether this message may create, move or cancel a meeting. Never when it fails DMARC (or SPF
 * with no aligned DKIM): anyone can write a prospect's address in From, and a booking, move or
 * cancel made on such mail is made for someone who never asked. The turn hands it to a person.
 */
export function isTrusted(authentication: AuthenticationVerdict): boolean {
  return authentication.verdict !== 'fail';
}
