import Database from 'better-sqlite3';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export type Db = Database.Database;

/** migrations/ sits at the package root, three levels above both src/store/sqlite and dist/store/sqlite. */
const MIGRATIONS_DIR = fileURLToPath(new URL('../../../migrations/', import.meta.url));

/**
 * Opens (creating if needed) the service database. synchronous=FULL makes every commit reach
 * the disk before it returns: the SMTP listener relies on that to say 250 only for mail that
 * survives a crash.
 */
export function openDatabase(path: string): Db {
  return openMigrated(path).db;
}

/** openDatabase, telling which migrations it applied on the way (`campaign-agent migrate`). */
export function openMigrated(path: string): { db: Db; applied: AppliedMigration[] } {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  // What a row held before an update or delete is zeroed, not left in the file's free space:
  // a person forgotten (or a body past its retention) must be gone from the file itself.
  db.pragma('secure_delete = ON');
  return { db, applied: migrate(db) };
}

export interface AppliedMigration {
  version: number;
  name: string;
}

/** Applies every migrations/NNN_name.sql not yet recorded, each in its own transaction. */
export function migrate(db: Db, dir: string = MIGRATIONS_DIR): AppliedMigration[] {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`);
  const applied = new Set(
    db.prepare('SELECT version FROM schema_migrations').pluck().all() as number[],
  );
  const pending = readdirSync(dir)
    .map((file) => /^(\d+)_(.+)\.sql$/.exec(file))
    .filter((match): match is RegExpExecArray => match !== null)
    .map((match) => ({ version: Number(match[1]), name: match[2]!, file: match[0] }))
    .filter((migration) => !applied.has(migration.version))
    .sort((a, b) => a.version - b.version);
  const record = db.prepare(
    'INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)',
  );
  for (const migration of pending) {
    const sql = readFileSync(join(dir, migration.file), 'utf8');
    db.transaction(() => {
      db.exec(sql);
      record.run(migration.version, migration.name, new Date().toISOString());
    })();
  }
  return pending.map(({ version, name }) => ({ version, name }));
}
