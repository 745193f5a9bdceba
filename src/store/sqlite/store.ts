import { openDatabase, type Db } from './database.js';
import { createSpool } from './spool.js';
import { createBodyFiles } from './body-files.js';
import { createOutbox } from './outbox.js';
import { createLeads } from './leads.js';
import { createConversations } from './conversations.js';
import { createBookings } from './bookings.js';
import { createHolds } from './holds.js';
import { createJournal } from './journal.js';
import { createSuppressions } from './suppressions.js';
import { createOutcomes } from './outcomes.js';
import { createLeadHistory } from './lead-history.js';
import { createLeadList } from './lead-list.js';
import { createPersonalData } from './personal-data.js';
import { createWebhooks } from './webhooks.js';
import { createReminders } from './reminders.js';
import { createReportQueries } from './report-queries.js';
import { createTransactions } from './transactions.js';
import type { Store, StoreOptions, TransactionOptions } from '../store.js';
import type { Spool } from '../spool.js';
import type { Outbox } from '../outbox.js';
import type { Leads } from '../leads.js';
import type { Conversations } from '../conversations.js';
import type { Bookings } from '../bookings.js';
import type { Holds } from '../holds.js';
import type { Journal } from '../journal.js';
import type { Suppressions } from '../suppressions.js';
import type { Outcomes } from '../outcomes.js';
import type { LeadHistoryStore } from '../lead-history.js';
import type { LeadListStore } from '../lead-list.js';
import type { PersonalData } from '../personal-data.js';
import type { Webhooks } from '../webhooks.js';
import type { Reminders } from '../reminders.js';
import type { ReportQueries } from '../report-queries.js';

/** The SQLite engine's store; tests of the engine also reach its connection. */
export interface SqliteStore extends Store {
  db: Db;
}

/** Every table family over one SQLite connection. */
export function openSqliteStore(path: string, options: StoreOptions = {}): SqliteStore {
  const db = openDatabase(path);
  if (options.checkpoints === false) db.pragma('wal_autocheckpoint = 0');
  const ping = db.prepare('SELECT 1').pluck();
  const transactions = createTransactions(db);
  const files = path === ':memory:' ? null : createBodyFiles(bodiesFolder(path));
  const store: SqliteStore = {
    db,
    spool: transactions.family<Spool, 'acceptGrouped' | 'createBodyFile' | 'watch'>(
      createSpool(db, files, transactions.idle),
      ['createBodyFile', 'watch'],
    ),
    outbox: transactions.family<Outbox>(createOutbox(db)),
    leads: transactions.family<Leads>(createLeads(db)),
    conversations: transactions.family<Conversations>(createConversations(db)),
    bookings: transactions.family<Bookings>(createBookings(db)),
    holds: transactions.family<Holds>(createHolds(db)),
    journal: transactions.family<Journal>(createJournal(db)),
    suppressions: transactions.family<Suppressions>(createSuppressions(db)),
    outcomes: transactions.family<Outcomes>(createOutcomes(db)),
    leadHistory: transactions.family<LeadHistoryStore>(createLeadHistory(db)),
    leadList: transactions.family<LeadListStore>(createLeadList(db)),
    personalData: transactions.family<PersonalData, 'export' | 'forget' | 'purgeBodies'>(
      createPersonalData(db, path === ':memory:' ? null : bodiesFolder(path)),
    ),
    webhooks: transactions.family<Webhooks>(createWebhooks(db)),
    reminders: transactions.family<Reminders>(createReminders(db)),
    reports: transactions.family<ReportQueries>(createReportQueries(db)),
    transaction<T>(fn: (tx: Store) => Promise<T> | T, options: TransactionOptions = {}): Promise<T> {
      return transactions.transaction(() => fn(store), options);
    },
    async ping(): Promise<boolean> {
      try {
        return ping.get() === 1;
      } catch {
        return false;
      }
    },
    async close(): Promise<void> {
      while (transactions.idle()) await transactions.idle();
      db.close();
    },
  };
  return store;
}

/** The SQLite connection behind a store this engine opened: benches and tests read tables directly. */
export function sqliteConnection(store: Store): Db {
  if (!('db' in store)) throw new Error('this store is not on the SQLite engine');
  return (store as SqliteStore).db;
}

/** Large message bodies live beside the database, named after it as SQLite names its -wal file. */
export function bodiesFolder(databasePath: string): string {
  return `${databasePath}-bodies`;
}
