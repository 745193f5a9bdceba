import type { Logger } from 'pino';
import type { CampaignConfig, Config } from '../config/types.js';
import type { CalendarRegistry } from '../calendar/registry.js';
import type { Understanding } from '../core/understanding.js';
import type { Person, TurnEvent } from '../core/conversation.js';
import type { InboundMail } from '../mail/parse.js';
import type { Conversation } from '../store/conversations.js';
import type { Lead } from '../store/leads.js';
import type { Store } from '../store/store.js';
import type { Metrics } from '../metrics/metrics.js';
import type { AuthenticationVerdict } from './trust.js';

/** Rewords a reply (or returns the draft); every fact in `facts` must survive. */
export type Phraser = (input: {
  campaign: CampaignConfig;
  conversationId: number;
  draft: string;
  facts: string[];
  language: string;
}) => Promise<string>;

/** What a turn is about, and what it may use: the input of runTurn, commitTurn and planMails. */
export interface TurnDeps {
  phrase: Phraser | null;
  config: Config;
  store: Store;
  calendars: CalendarRegistry;
  metrics: Metrics;
  now: () => number;
  logger: Logger;
}

/** The inbound message behind a turn; a follow-up turn has none. */
export interface InboundFacts {
  id: number;
  /** The worker's claim on the message (SpooledMessage.attempts): closing it is fenced by it. */
  attempt: number;
  mail: InboundMail;
  text: string;
  receivedAt: number;
  understanding: Understanding;
  authentication: AuthenticationVerdict;
  /** Earlier messages of the thread that arrived while a turn was being decided: read and answered with this one. */
  alongside: ReadonlyArray<{ id: number; attempt: number; mail: InboundMail; text: string; authentication: AuthenticationVerdict }>;
}

export interface Turn {
  campaign: CampaignConfig;
  lead: Lead;
  conversation: Conversation;
  event: TurnEvent;
  inbound: InboundFacts | null;
  /** Who the agent answers: the sender of the message, or the person a follow-up goes to. */
  recipient: Person;
  /** Makes ids derived in this turn stable across a retry. */
  turnKey: string;
}
