import type { ReadOnlyOpening, Store, StoreOptions } from './store.js';
import { openSqliteStore } from './sqlite/store.js';
import { openSqliteStoreReadOnly } from './sqlite/read-only.js';
import { openPostgresStore } from './postgres/store.js';
import { openPostgresStoreReadOnly } from './postgres/read-only.js';
import { migratePostgres, openPostgres } from './postgres/database.js';
import { openMigrated } from './sqlite/database.js';

/** Where the store is: a PostgreSQL URL wins over the SQLite file (config: service.databaseUrl). */
export interface StoreLocation {
  databasePath: string;
  databaseUrl: string | null;
}

/** The engine is chosen here, and only here; the schema is brought up to date on the way. */
export async function openStore(location: StoreLocation, options: StoreOptions = {}): Promise<Store> {
  if (location.databaseUrl !== null) return openPostgresStore(location.databaseUrl);
  return openSqliteStore(location.databasePath, options);
}

/** Read-only, and only if it exists: inspecting must never create or migrate a database. */
export async function openStoreReadOnly(location: StoreLocation): Promise<ReadOnlyOpening> {
  if (location.databaseUrl !== null) return openPostgresStoreReadOnly(location.databaseUrl);
  return openSqliteStoreReadOnly(location.databasePath);
}

export interface Migrated {
  /** The database, named without secrets. */
  where: string;
  applied: Array<{ version: number; name: string }>;
}

/** Brings the schema up to date, as opening the store does, and tells what it applied. */
export async function migrateStore(location: StoreLocation): Promise<Migrated> {
  if (location.databaseUrl !== null) {
    const pool = await openPostgres(location.databaseUrl);
    try {
      return { where: `PostgreSQL at ${new URL(location.databaseUrl).host || 'localhost'}`, applied: await migratePostgres(pool) };
    } finally {
      await pool.end();
    }
  }
  const { db, applied } = openMigrated(location.databasePath);
  db.close();
  return { where: location.databasePath, applied };
}

/** Whether the database answers, without touching its schema (`check`); null when it does. */
export async function unreachableStore(location: StoreLocation): Promise<string | null> {
  if (location.databaseUrl === null) return null;
  try {
    await (await openPostgres(location.databaseUrl)).end();
    return null;
  } catch (error) {
    return (error as Error).message;
  }
}
