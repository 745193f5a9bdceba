import type { Session } from './session.js';
import { jsonWithoutNul, withoutNul } from './nul.js';
import { ConversationConflict, type Conversation, type Conversations } from '../conversations.js';
import { iso } from '../rows/iso.js';
import { CONVERSATION_COLUMNS as COLUMNS, conversationFromRow, type ConversationRow } from '../rows/conversations.js';

export function createPostgresConversations(session: Session): Conversations {
  async function one(sql: string, values: unknown[]): Promise<Conversation | null> {
    const { rows } = await session.query<ConversationRow>(sql, values);
    return conversationFromRow(rows[0]);
  }

  return {
    byId: (id: number) => one(`SELECT ${COLUMNS} FROM conversations c WHERE c.id = $1`, [id]),

    async dueFollowUps(now: number, limit = 50): Promise<Conversation[]> {
      // Ties in id order, as SQLite walks its follow-up index.
      const { rows } = await session.query<ConversationRow>(
        `SELECT ${COLUMNS} FROM conversations c WHERE c.follow_up_due_at IS NOT NULL AND c.follow_up_due_at <= $1
         ORDER BY c.follow_up_due_at, c.id LIMIT $2`,
        [iso(now), limit],
      );
      return rows.map((row) => conversationFromRow(row)!);
    },

    async llmTokensSpent(id: number): Promise<number> {
      const { rows } = await session.query<{ llm_tokens: number }>(`SELECT llm_tokens FROM conversations WHERE id = $1`, [id]);
      return rows[0]?.llm_tokens ?? 0;
    },

    async addLlmTokens(id: number, tokens: number): Promise<void> {
      await session.query(`UPDATE conversations SET llm_tokens = llm_tokens + $1 WHERE id = $2`, [tokens, id]);
    },

    byToken: (token: string) => one(`SELECT ${COLUMNS} FROM conversations c WHERE c.token = $1`, [token]),

    async byReferences(messageIds: readonly string[]): Promise<Conversation | null> {
      if (messageIds.length === 0) return null;
      return one(
        `SELECT ${COLUMNS} FROM conversations c JOIN messages m ON m.conversation_id = c.id
         WHERE m.direction = 'out' AND m.message_id = ANY($1::text[])
         ORDER BY m.id DESC LIMIT 1`,
        [messageIds],
      );
    },

    latestForLead: (leadId: number) =>
      one(`SELECT ${COLUMNS} FROM conversations c WHERE c.lead_id = $1 ORDER BY c.id DESC LIMIT 1`, [leadId]),

    async create(input: Omit<Conversation, 'id' | 'version'>, now: number): Promise<Conversation> {
      const { rows } = await session.query<{ id: number }>(
        `INSERT INTO conversations (lead_id, campaign, token, status, state, prospect_zone, subject, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id`,
        [input.leadId, input.campaign, input.token, input.state.status, jsonWithoutNul(input.state), input.prospectZone, withoutNul(input.subject), iso(now)],
      );
      return { ...input, id: rows[0]!.id, version: 0 };
    },

    async save(conversation: Conversation, now: number): Promise<Conversation> {
      // A save racing this one on another node waits for its commit, then finds the version gone.
      const { rowCount } = await session.query(
        `UPDATE conversations SET state = $1, status = $2, host_id = $3, prospect_zone = $4, follow_up_due_at = $5,
           language = $6, updated_at = $7, version = version + 1 WHERE id = $8 AND version = $9`,
        [
          jsonWithoutNul(conversation.state),
          conversation.state.status,
          conversation.state.hostIds[0] ?? null,
          conversation.prospectZone,
          conversation.state.followUp.dueAt === null ? null : iso(conversation.state.followUp.dueAt),
          conversation.language,
          iso(now),
          conversation.id,
          conversation.version,
        ],
      );
      if (rowCount === 0) throw new ConversationConflict(conversation.id);
      return { ...conversation, version: conversation.version + 1 };
    },
  };
}
