import type pg from 'pg';
import { migratePostgres, openPostgres } from './database.js';
import { createSession } from './session.js';
import { createPostgresSpool } from './spool.js';
import { createPostgresOutbox } from './outbox.js';
import { createPostgresLeads } from './leads.js';
import { createPostgresConversations } from './conversations.js';
import { createPostgresBookings } from './bookings.js';
import { createPostgresHolds } from './holds.js';
import { createPostgresJournal } from './journal.js';
import { createPostgresSuppressions } from './suppressions.js';
import { createPostgresOutcomes } from './outcomes.js';
import { createPostgresLeadHistory } from './lead-history.js';
import { createPostgresLeadList } from './lead-list.js';
import { createPostgresPersonalData } from './personal-data.js';
import { createPostgresWebhooks } from './webhooks.js';
import { createPostgresReminders } from './reminders.js';
import { createPostgresReportQueries } from './report-queries.js';
import type { Store, TransactionOptions } from '../store.js';

/** The PostgreSQL engine's store; tests and benches of the engine also reach its pool. */
export interface PostgresStore extends Store {
  pool: pg.Pool;
}

/**
 * Every table family over one connection pool, the schema brought up to date first (several
 * nodes starting at once apply each migration once: database.ts).
 */
export async function openPostgresStore(url: string): Promise<PostgresStore> {
  const pool = await openPostgres(url);
  try {
    await migratePostgres(pool);
  } catch (error) {
    await pool.end();
    throw error;
  }
  const session = createSession(pool);
  const store: PostgresStore = {
    pool,
    spool: createPostgresSpool(session),
    outbox: createPostgresOutbox(session),
    leads: createPostgresLeads(session),
    conversations: createPostgresConversations(session),
    bookings: createPostgresBookings(session),
    holds: createPostgresHolds(session),
    journal: createPostgresJournal(session),
    suppressions: createPostgresSuppressions(session),
    outcomes: createPostgresOutcomes(session),
    leadHistory: createPostgresLeadHistory(session),
    leadList: createPostgresLeadList(session),
    personalData: createPostgresPersonalData(session),
    webhooks: createPostgresWebhooks(session),
    reminders: createPostgresReminders(session),
    reports: createPostgresReportQueries(session),
    transaction<T>(fn: (tx: Store) => Promise<T> | T, options: TransactionOptions = {}): Promise<T> {
      return session.transaction(() => fn(store), options);
    },
    async ping(): Promise<boolean> {
      try {
        const { rows } = await session.query<{ one: number }>('SELECT 1 AS one');
        return rows[0]?.one === 1;
      } catch {
        return false;
      }
    },
    close: () => session.close(),
  };
  return store;
}
