import type { ConversationState } from '../core/conversation.js';

export interface Conversation {
  id: number;
  leadId: number;
  campaign: string;
  token: string;
  state: ConversationState;
  prospectZone: string;
  subject: string;
  /** ISO 639-1 code of the prospect's language as last understood, else null (English). */
  language: string | null;
  /** Bumped by every save; a save from a stale read fails with ConversationConflict. */
  version: number;
}

/** Someone else saved the conversation since it was read: the turn must be decided again. */
export class ConversationConflict extends Error {
  readonly code = 'conversation_conflict';
  constructor(id: number) {
    super(`conversation ${id} changed while this turn was being decided`);
    this.name = 'ConversationConflict';
  }
}

export interface Conversations {
  byId(id: number): Promise<Conversation | null>;
  /** Conversations whose follow-up time has come (the worker's silence tick). */
  dueFollowUps(now: number, limit?: number): Promise<Conversation[]>;
  /** The LLM token budget is per conversation and must survive a restart. */
  llmTokensSpent(id: number): Promise<number>;
  addLlmTokens(id: number, tokens: number): Promise<void>;
  byToken(token: string): Promise<Conversation | null>;
  /** The conversation one of our outbound Message-IDs belongs to, for replies that lost the +token. */
  byReferences(messageIds: readonly string[]): Promise<Conversation | null>;
  latestForLead(leadId: number): Promise<Conversation | null>;
  create(input: Omit<Conversation, 'id' | 'version'>, now: number): Promise<Conversation>;
  /** Saves over the version that was read; throws ConversationConflict when someone saved in between. */
  save(conversation: Conversation, now: number): Promise<Conversation>;
}
