import { INITIAL_STATE, type ConversationState } from '../../core/conversation.js';
import type { Conversation } from '../conversations.js';

export interface ConversationRow {
  id: number;
  lead_id: number;
  campaign: string;
  token: string;
  state: string;
  prospect_zone: string;
  subject: string;
  language: string | null;
  version: number;
}

/** Under the alias c, for the look-ups that join conversations with their messages. */
export const CONVERSATION_COLUMNS = 'c.id, c.lead_id, c.campaign, c.token, c.state, c.prospect_zone, c.subject, c.language, c.version';

/** A state saved before a field was added reads with that field's initial value. */
export function conversationFromRow(row: ConversationRow | undefined): Conversation | null {
  if (!row) return null;
  return {
    id: row.id,
    leadId: row.lead_id,
    campaign: row.campaign,
    token: row.token,
    state: { ...INITIAL_STATE, ...(JSON.parse(row.state) as Partial<ConversationState>) },
    prospectZone: row.prospect_zone,
    subject: row.subject,
    language: row.language,
    version: row.version,
  };
}
