import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { createSession } from './session.js';

/** migrations/ sits at the package root, three levels above both src/store/postgres and dist/store/postgres. */
const MIGRATIONS_DIR = fileURLToPath(new URL('../../../migrations/postgres/', import.meta.url));

/**
 * Rows come back as SQLite's do, so both engines' adapters map them alike: instants as ISO 8601
 * UTC strings (pg: Date), bigint ids, counts and sums as numbers (pg: strings; they stay far
 * below 2^53), JSON as its text (pg: parsed), a date as YYYY-MM-DD (pg: local midnight).
 */
const types = new pg.TypeOverrides();
const { builtins } = pg.types;
const toDate = pg.types.getTypeParser(builtins.TIMESTAMPTZ) as (text: string) => Date;
types.setTypeParser(builtins.TIMESTAMPTZ, (text) => toDate(text).toISOString());
types.setTypeParser(builtins.INT8, Number);
types.setTypeParser(builtins.NUMERIC, Number);
for (const asText of [builtins.DATE, builtins.JSON, builtins.JSONB]) types.setTypeParser(asText, (text) => text);

/** A typed failure for the edges (`check`, start-up): the server could not be reached or refused us. */
export class DatabaseUnreachable extends Error {
  readonly code = 'unreachable';
  constructor(message: string, options: { cause: unknown }) {
    super(message, options);
    this.name = 'DatabaseUnreachable';
  }
}

/**
 * Opens a pool on the database at `url` and makes sure it answers. Each node keeps up to ten
 * connections (PostgreSQL allows 100 by default, for every node together).
 */
export async function openPostgres(url: string): Promise<pg.Pool> {
  const pool = new pg.Pool({
    connectionString: url,
    application_name: 'campaign-agent',
    max: 10,
    connectionTimeoutMillis: 10_000,
    statement_timeout: 30_000,
    // A transaction left open by a stuck turn would hold its row locks against every node.
    idle_in_transaction_session_timeout: 60_000,
    // Dates and weeks computed in SQL are UTC ones, as SQLite's date() on the stored text.
    options: '-c TimeZone=UTC',
    types,
  });
  // An idle connection the server ended (a restart, a failover) leaves the pool, and the next
  // query opens another; unheard, its 'error' would end the process. Callers may listen too.
  pool.on('error', () => {});
  try {
    (await pool.connect()).release();
  } catch (error) {
    await pool.end();
    throw unreachable(url, error);
  }
  return pool;
}

/** Names the server, never the URL: it may carry a password. */
function unreachable(url: string, error: unknown): DatabaseUnreachable {
  const parsed = URL.canParse(url) ? new URL(url) : null;
  const where = parsed ? `${parsed.hostname || 'localhost'}:${parsed.port || 5432}` : 'the configured URL';
  const { code, message } = error as { code?: string; message?: string };
  // Network failures (ECONNREFUSED, ENOTFOUND, ...) have a code; the server's refusals a SQLSTATE and a message.
  const text = code && /^E[A-Z]+$/.test(code)
    ? `cannot reach PostgreSQL at ${where} (${code})`
    : `PostgreSQL at ${where} refused the connection: ${message}${code ? ` (${code})` : ''}`;
  return new DatabaseUnreachable(text, { cause: error });
}

export interface AppliedMigration {
  version: number;
  name: string;
}

/**
 * Applies every migrations/postgres/NNN_name.sql not yet recorded, each in its own transaction.
 * Nodes starting at once take turns on an advisory lock, and each re-reads what is recorded once
 * it holds it, so every migration runs once.
 */
export async function migratePostgres(pool: pg.Pool, dir: string = MIGRATIONS_DIR): Promise<AppliedMigration[]> {
  const session = createSession(pool);
  const locked = async () => {
    // A migration, or the wait for another node's, may outlast the pool's statement timeout.
    await session.query('SET LOCAL statement_timeout = 0');
    await session.query(`SELECT pg_advisory_xact_lock(hashtext('campaign-agent migrations'))`);
  };
  const isRecorded = async (version: number) =>
    ((await session.query('SELECT 1 FROM schema_migrations WHERE version = $1', [version])).rowCount ?? 0) > 0;

  await session.transaction(async () => {
    await locked();
    await session.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL)`);
  });
  const recorded = new Set(
    (await session.query<{ version: number }>('SELECT version FROM schema_migrations')).rows.map((row) => row.version),
  );
  const applied: AppliedMigration[] = [];
  for (const migration of migrationFiles(dir).filter(({ version }) => !recorded.has(version))) {
    const ran = await session.transaction(async () => {
      await locked();
      if (await isRecorded(migration.version)) return false;
      await session.query(readFileSync(join(dir, migration.file), 'utf8'));
      await session.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, now())', [
        migration.version,
        migration.name,
      ]);
      return true;
    });
    if (ran) applied.push({ version: migration.version, name: migration.name });
  }
  return applied;
}

function migrationFiles(dir: string) {
  return readdirSync(dir)
    .map((file) => /^(\d+)_(.+)\.sql$/.exec(file))
    .filter((match): match is RegExpExecArray => match !== null)
    .map((match) => ({ version: Number(match[1]), name: match[2]!, file: match[0] }))
    .sort((a, b) => a.version - b.version);
}
