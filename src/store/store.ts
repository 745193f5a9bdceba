import type { Bookings } from './bookings.js';
import type { Conversations } from './conversations.js';
import type { Holds } from './holds.js';
import type { Journal } from './journal.js';
import type { LeadHistoryStore } from './lead-history.js';
import type { LeadListStore } from './lead-list.js';
import type { PersonalData } from './personal-data.js';
import type { Webhooks } from './webhooks.js';
import type { Reminders } from './reminders.js';
import type { Leads } from './leads.js';
import type { Outbox } from './outbox.js';
import type { Outcomes } from './outcomes.js';
import type { ReportQueries } from './report-queries.js';
import type { Spool } from './spool.js';
import type { Suppressions } from './suppressions.js';

/**
 * What the rest of the service may ask of the store: one family of operations per thing it
 * keeps, and a transaction around several of them. The engine (SQLite today) is chosen in
 * open.ts; nothing outside store/ sees its handle.
 */
export interface Store {
  spool: Spool;
  outbox: Outbox;
  leads: Leads;
  conversations: Conversations;
  bookings: Bookings;
  holds: Holds;
  journal: Journal;
  suppressions: Suppressions;
  outcomes: Outcomes;
  leadHistory: LeadHistoryStore;
  leadList: LeadListStore;
  personalData: PersonalData;
  webhooks: Webhooks;
  reminders: Reminders;
  reports: ReportQueries;
  /**
   * Runs fn in one write transaction: all of it lands, or none. Every store call made within
   * fn's async context, on `tx` or on this store itself, runs inside the transaction; one
   * inside another is a savepoint. Await only the store inside it: what is slow (a calendar, the
   * LLM) belongs before or after, since the transaction holds the write lock (SQLite) or a
   * connection (PostgreSQL) until fn settles.
   */
  transaction<T>(fn: (tx: Store) => Promise<T> | T, options?: TransactionOptions): Promise<T>;
  /** Whether the database answers a query right now (the health check). */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

export interface TransactionOptions {
  /**
   * False for writes worth nothing after a crash (an offer's reservation, which lapses by
   * itself): they commit without waiting for the disk, and reach it with the next durable
   * commit. Default true.
   */
  durable?: boolean;
}

export interface StoreOptions {
  /**
   * false: this connection leaves write-ahead-log checkpoints to another one (the pipeline
   * thread's), so the listener's commits, and with them its 250s, never wait behind one.
   */
  checkpoints?: boolean;
}

/** The lookups a read-only reader (`inspect`) may use: it never writes, creates or migrates. */
export interface ReadOnlyStore {
  conversations: Pick<Conversations, 'byToken' | 'byReferences' | 'latestForLead'>;
  leads: Pick<Leads, 'find' | 'byId'>;
  close(): Promise<void>;
}

export type ReadOnlyOpening =
  | { status: 'open'; store: ReadOnlyStore }
  | { status: 'no_database'; path: string }
  | { status: 'unreadable'; path: string; error: string };
