import { openPostgres } from './database.js';
import { createSession } from './session.js';
import { createPostgresConversations } from './conversations.js';
import { createPostgresLeads } from './leads.js';
import type { ReadOnlyOpening } from '../store.js';

/**
 * The lookups `inspect` makes, on a pool that never migrates; a database without the schema
 * answers its lookups with an error, as an unreadable SQLite file does.
 */
export async function openPostgresStoreReadOnly(url: string): Promise<ReadOnlyOpening> {
  const where = new URL(url).host || 'localhost';
  try {
    const session = createSession(await openPostgres(url));
    return {
      status: 'open',
      store: { conversations: createPostgresConversations(session), leads: createPostgresLeads(session), close: () => session.close() },
    };
  } catch (error) {
    return { status: 'unreadable', path: `PostgreSQL at ${where}`, error: (error as Error).message };
  }
}
