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
import type { Store, StoreOptions, TransactionOptions } from '../store.js';

/** The SQLite engine's store; tests of the engine also reach its connection. */
export interface SqliteStore extends Store {
  db: Db;
}

/** Every table family over one SQLite connection. */
export function openSqliteStore(path: string, options: StoreOptions = {}): SqliteStore {
  const db = openDatabase(path);
  if (options.checkpoints === false) db.pragma('wal_autocheckpoint = 0');
  const ping = db.prepare('SELECT 1').pluck();
  return {
    db,
    spool: createSpool(db, path === ':memory:' ? null : createBodyFiles(bodiesFolder(path))),
    outbox: createOutbox(db),
    leads: createLeads(db),
    conversations: createConversations(db),
    bookings: createBookings(db),
    holds: createHolds(db),
    journal: createJournal(db),
    suppressions: createSuppressions(db),
    outcomes: createOutcomes(db),
    leadHistory: createLeadHistory(db),
    leadList: createLeadList(db),
    personalData: createPersonalData(db, path === ':memory:' ? null : bodiesFolder(path)),
    webhooks: createWebhooks(db),
    reminders: createReminders(db),
    reports: createReportQueries(db),
    transaction<T>(fn: () => T, options: TransactionOptions = {}): T {
      // IMMEDIATE takes SQLite's write lock at BEGIN rather than at the first write.
      if (options.durable !== false || db.inTransaction) return db.transaction(fn).immediate();
      // In WAL mode a commit without sync is still atomic; the next FULL commit's fsync of the
      // log carries it to the disk. (Not a prepared statement: SQLite applies this pragma when
      // it compiles it, not when it runs.)
      db.pragma('synchronous = OFF');
      try {
        return db.transaction(fn).immediate();
      } finally {
        db.pragma('synchronous = FULL');
      }
    },
    ping(): boolean {
      try {
        return ping.get() === 1;
      } catch {
        return false;
      }
    },
    close(): void {
      db.close();
    },
  };
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
