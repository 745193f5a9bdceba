import type { Db } from './database.js';
import { ConversationConflict, type Conversation, type Conversations } from '../conversations.js';
import type { Synchronous } from './transactions.js';
import { iso } from '../rows/iso.js';
import { CONVERSATION_COLUMNS as COLUMNS, conversationFromRow, type ConversationRow } from '../rows/conversations.js';

export function createConversations(db: Db): Synchronous<Conversations> {
  const byToken = db.prepare(`SELECT ${COLUMNS} FROM conversations c WHERE c.token = ?`);
  const byLead = db.prepare(`SELECT ${COLUMNS} FROM conversations c WHERE c.lead_id = ? ORDER BY c.id DESC LIMIT 1`);
  const byId = db.prepare(`SELECT ${COLUMNS} FROM conversations c WHERE c.id = ?`);
  const insert = db.prepare(`INSERT INTO conversations
    (lead_id, campaign, token, status, state, prospect_zone, subject, created_at, updated_at)
    VALUES (@leadId, @campaign, @token, @status, @state, @prospectZone, @subject, @now, @now) RETURNING id`);
  const update = db.prepare(`UPDATE conversations SET state = @state, status = @status, host_id = @hostId,
    prospect_zone = @prospectZone, follow_up_due_at = @followUpDueAt, language = @language, updated_at = @now,
    version = version + 1 WHERE id = @id AND version = @version`);
  const dueFollowUps = db.prepare(`SELECT ${COLUMNS} FROM conversations c WHERE c.follow_up_due_at IS NOT NULL AND c.follow_up_due_at <= ?
    ORDER BY c.follow_up_due_at LIMIT ?`);
  const llmTokens = db.prepare(`SELECT llm_tokens FROM conversations WHERE id = ?`).pluck();
  const addLlmTokens = db.prepare(`UPDATE conversations SET llm_tokens = llm_tokens + ? WHERE id = ?`);

  return {
    byId(id: number): Conversation | null {
      return conversationFromRow(byId.get(id) as ConversationRow | undefined);
    },

    dueFollowUps(now: number, limit = 50): Conversation[] {
      return (dueFollowUps.all(iso(now), limit) as ConversationRow[]).map((row) => conversationFromRow(row)!);
    },

    llmTokensSpent(id: number): number {
      return (llmTokens.get(id) as number | undefined) ?? 0;
    },

    addLlmTokens(id: number, tokens: number): void {
      addLlmTokens.run(tokens, id);
    },

    byToken(token: string): Conversation | null {
      return conversationFromRow(byToken.get(token) as ConversationRow | undefined);
    },

    byReferences(messageIds: readonly string[]): Conversation | null {
      if (messageIds.length === 0) return null;
      const row = db
        .prepare(
          `SELECT ${COLUMNS} FROM conversations c JOIN messages m ON m.conversation_id = c.id
           WHERE m.direction = 'out' AND m.message_id IN (${messageIds.map(() => '?').join(',')})
           ORDER BY m.id DESC LIMIT 1`,
        )
        .get(...messageIds) as ConversationRow | undefined;
      return conversationFromRow(row);
    },

    latestForLead(leadId: number): Conversation | null {
      return conversationFromRow(byLead.get(leadId) as ConversationRow | undefined);
    },

    create(input: Omit<Conversation, 'id' | 'version'>, now: number): Conversation {
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
      return { ...input, id, version: 0 };
    },

    save(conversation: Conversation, now: number): Conversation {
      const changed = update.run({
        id: conversation.id,
        state: JSON.stringify(conversation.state),
        status: conversation.state.status,
        hostId: conversation.state.hostIds[0] ?? null,
        prospectZone: conversation.prospectZone,
        followUpDueAt: conversation.state.followUp.dueAt === null ? null : iso(conversation.state.followUp.dueAt),
        language: conversation.language,
        version: conversation.version,
        now: iso(now),
      }).changes;
      if (changed === 0) throw new ConversationConflict(conversation.id);
      return { ...conversation, version: conversation.version + 1 };
    },
  };
}
