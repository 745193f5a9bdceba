import type { Db } from './database.js';
import { iso } from './database.js';
import type { ConversationState } from '../core/conversation.js';

export interface Conversation {
  id: number;
  leadId: number;
  campaign: string;
  token: string;
  state: ConversationState;
  prospectZone: string;
  subject: string;
}

interface ConversationRow {
  id: number;
  lead_id: number;
  campaign: string;
  token: string;
  state: string;
  prospect_zone: string;
  subject: string;
}

const COLUMNS = 'c.id, c.lead_id, c.campaign, c.token, c.state, c.prospect_zone, c.subject';

export function createConversations(db: Db) {
  const byToken = db.prepare(`SELECT ${COLUMNS} FROM conversations c WHERE c.token = ?`);
  const byLead = db.prepare(`SELECT ${COLUMNS} FROM conversations c WHERE c.lead_id = ? ORDER BY c.id DESC LIMIT 1`);
  const insert = db.prepare(`INSERT INTO conversations
    (lead_id, campaign, token, status, state, prospect_zone, subject, created_at, updated_at)
    VALUES (@leadId, @campaign, @token, @status, @state, @prospectZone, @subject, @now, @now) RETURNING id`);
  const update = db.prepare(`UPDATE conversations SET state = @state, status = @status, host_id = @hostId,
    prospect_zone = @prospectZone, updated_at = @now WHERE id = @id`);

  return {
    byToken(token: string): Conversation | null {
      return map(byToken.get(token) as ConversationRow | undefined);
    },

    /** The conversation one of our outbound Message-IDs belongs to, for replies that lost the +token. */
    byReferences(messageIds: readonly string[]): Conversation | null {
      if (messageIds.length === 0) return null;
      const row = db
        .prepare(
          `SELECT ${COLUMNS} FROM conversations c JOIN messages m ON m.conversation_id = c.id
           WHERE m.direction = 'out' AND m.message_id IN (${messageIds.map(() => '?').join(',')})
           ORDER BY m.id DESC LIMIT 1`,
        )
        .get(...messageIds) as ConversationRow | undefined;
      return map(row);
    },

    latestForLead(leadId: number): Conversation | null {
      return map(byLead.get(leadId) as ConversationRow | undefined);
    },

    create(input: Omit<Conversation, 'id'>, now: number): Conversation {
      const { id } = insert.get({
        leadId: input.leadId,
        campaign: input.campaign,
        token: input.token,
        status: input.state.status,
        state: JSON.stringify(input.state),
        prospectZone: input.prospectZone,
        subject: input.subject,
        now: iso(now),
      }) as { id: number };
      return { ...input, id };
    },

    save(conversation: Conversation, now: number): void {
      update.run({
        id: conversation.id,
        state: JSON.stringify(conversation.state),
        status: conversation.state.status,
        hostId: conversation.state.hostId,
        prospectZone: conversation.prospectZone,
        now: iso(now),
      });
    },
  };
}

export type Conversations = ReturnType<typeof createConversations>;

function map(row: ConversationRow | undefined): Conversation | null {
  if (!row) return null;
  return {
    id: row.id,
    leadId: row.lead_id,
    campaign: row.campaign,
    token: row.token,
    state: JSON.parse(row.state) as ConversationState,
    prospectZone: row.prospect_zone,
    subject: row.subject,
  };
}
