import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { createConversations } from './conversations.js';
import { createLeads } from './leads.js';
import { createTransactions } from './transactions.js';
import type { Conversations } from '../conversations.js';
import type { Leads } from '../leads.js';
import type { ReadOnlyOpening } from '../store.js';

/** Read-only, and only if it exists: a read-only SQLite connection never creates or migrates. */
export function openSqliteStoreReadOnly(path: string): ReadOnlyOpening {
  if (!existsSync(path)) return { status: 'no_database', path };
  let db: Database.Database | null = null;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true });
    const open = db;
    const transactions = createTransactions(open);
    return {
      status: 'open',
      store: {
        conversations: transactions.family<Conversations>(createConversations(open)),
        leads: transactions.family<Leads>(createLeads(open)),
        close: async () => {
          open.close();
        },
      },
    };
  } catch (error) {
    db?.close();
    return { status: 'unreadable', path, error: (error as Error).message };
  }
}
