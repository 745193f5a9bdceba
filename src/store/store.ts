import { openDatabase, type Db } from './database.js';
import { createSpool } from './spool.js';
import { createBodyFiles } from './body-files.js';
import { createOutbox } from './outbox.js';
import { createLeads } from './leads.js';
import { createConversations } from './conversations.js';
import { createBookings } from './bookings.js';
import { createJournal } from './journal.js';
import { createSuppressions } from './suppressions.js';

/** Every table family behind one handle, over one SQLite connection. */
export function openStore(path: string) {
  const db: Db = openDatabase(path);
  return {
    db,
    spool: createSpool(db, path === ':memory:' ? null : createBodyFiles(bodiesFolder(path))),
    outbox: createOutbox(db),
    leads: createLeads(db),
    conversations: createConversations(db),
    bookings: createBookings(db),
    journal: createJournal(db),
    suppressions: createSuppressions(db),
    /**
     * Runs fn in one write transaction: all of it lands, or none. IMMEDIATE takes the write lock
     * up front, so a check-then-insert (a booking) cannot interleave with another process's.
     */
    transaction<T>(fn: () => T): T {
      return db.transaction(fn).immediate();
    },
    close(): void {
      db.close();
    },
  };
}

export type Store = ReturnType<typeof openStore>;

/** Large message bodies live beside the database, named after it as SQLite names its -wal file. */
export function bodiesFolder(databasePath: string): string {
  return `${databasePath}-bodies`;
}
