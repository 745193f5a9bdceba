import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { createConversations, type Conversations } from './conversations.js';
import { createLeads, type Leads } from './leads.js';

/** The lookups a read-only reader (`inspect`) may use: it never writes, creates or migrates. */
export interface ReadOnlyStore {
  conversations: Pick<Conversations, 'byToken' | 'byReferences' | 'latestForLead'>;
  leads: Pick<Leads, 'find' | 'byId'>;
  close(): void;
}

export type ReadOnlyOpening =
  | { status: 'open'; store: ReadOnlyStore }
  | { status: 'no_database'; path: string }
  | { status: 'unreadable'; path: string; error: string };

/** Read-only, and only if it exists: inspecting must never create or migrate a database. */
export function openStoreReadOnly(path: string): ReadOnlyOpening {
  if (!existsSync(path)) return { status: 'no_database', path };
  let db: Database.Database | null = null;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true });
    const open = db;
    return { status: 'open', store: { conversations: createConversations(open), leads: createLeads(open), close: () => open.close() } };
  } catch (error) {
    db?.close();
    return { status: 'unreadable', path, error: (error as Error).message };
  }
}
