import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe } from 'vitest';
import { openSqliteStore } from '../../src/store/sqlite/store.js';
import { openPostgresStore, type PostgresStore } from '../../src/store/postgres/store.js';
import type { Store } from '../../src/store/store.js';
import { describeWithPostgres, postgresDatabase, type TestDatabase } from '../support/postgres.js';

/**
 * The store contract's tests run once per engine, on the same cases: SQLite in a file, SQLite in
 * memory, and a real PostgreSQL server (a database of its own per store opened). A behaviour one
 * engine has and the other lacks fails here, not in production on the other engine.
 */
export type EngineName = 'sqlite file' | 'sqlite memory' | 'postgresql';

/** Opens a fresh, migrated, empty store on the engine; it is closed (and dropped) after the test. */
export type OpenStore = () => Promise<Store>;

const ENGINES: Array<{ name: EngineName; describe: (name: string, fn: () => void) => void; open: () => Promise<{ store: Store; dispose(): Promise<void> }> }> = [
  {
    name: 'sqlite file',
    describe,
    async open() {
      const dir = mkdtempSync(join(tmpdir(), 'contract-'));
      const store = openSqliteStore(join(dir, 'store.db'));
      return {
        store,
        async dispose() {
          await store.close();
          rmSync(dir, { recursive: true, force: true });
        },
      };
    },
  },
  {
    name: 'sqlite memory',
    describe,
    async open() {
      const store = openSqliteStore(':memory:');
      return { store, dispose: () => store.close() };
    },
  },
  {
    name: 'postgresql',
    describe: describeWithPostgres,
    async open() {
      const database = await postgresDatabase();
      const store = await openPostgresStore(database.url);
      return {
        store,
        async dispose() {
          await store.close();
          await database.drop();
        },
      };
    },
  },
];

/** `describe(name)` once per engine; `open` gives the test a fresh store on that engine. */
export function describeEachEngine(name: string, fn: (open: OpenStore, engine: EngineName) => void): void {
  for (const engine of ENGINES) {
    engine.describe(`${name} (${engine.name})`, () => {
      const opened: Array<() => Promise<void>> = [];
      afterEach(async () => {
        for (const dispose of opened.splice(0)) await dispose();
      });
      fn(async () => {
        const { store, dispose } = await engine.open();
        opened.push(dispose);
        return store;
      }, engine.name);
    });
  }
}

/** Two stores on one database, as two nodes would open it (SQLite: two processes on one file). */
export async function openTwoNodes(engine: EngineName): Promise<{ stores: [Store, Store]; close(): Promise<void> }> {
  if (engine === 'postgresql') {
    const database = await postgresDatabase();
    const stores: [Store, Store] = [await openPostgresStore(database.url), await openPostgresStore(database.url)];
    return { stores, close: async () => (await Promise.all(stores.map((store) => store.close())), await database.drop()) };
  }
  const dir = mkdtempSync(join(tmpdir(), 'contract-nodes-'));
  const stores: [Store, Store] = [openSqliteStore(join(dir, 'store.db')), openSqliteStore(join(dir, 'store.db'))];
  return { stores, close: async () => (await Promise.all(stores.map((store) => store.close())), rmSync(dir, { recursive: true, force: true })) };
}

/**
 * Inside a describeWithPostgres: two PostgreSQL stores on a fresh database for each test, as two
 * nodes open it, with the pool at hand for SQL a store would not write. Closed and dropped after.
 */
export function postgresNodes(): () => [PostgresStore, PostgresStore] {
  let database: TestDatabase;
  let nodes: [PostgresStore, PostgresStore];
  beforeEach(async () => {
    database = await postgresDatabase();
    nodes = [await openPostgresStore(database.url), await openPostgresStore(database.url)];
  });
  afterEach(async () => {
    for (const node of nodes) await node.close();
    await database.drop();
  });
  return () => nodes;
}
