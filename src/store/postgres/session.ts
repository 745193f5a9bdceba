import { AsyncLocalStorage } from 'node:async_hooks';
import pg from 'pg';
import type { TransactionOptions } from '../store.js';

/**
 * How the PostgreSQL families reach the database. `query` runs on the open transaction's
 * connection when it is called within a transaction's async context, whether the caller was
 * handed `tx` or used the store itself; anywhere else it runs on any pooled connection.
 */
export interface Session {
  query<R extends pg.QueryResultRow = pg.QueryResultRow>(text: string, values?: unknown[]): Promise<pg.QueryResult<R>>;
  /**
   * Runs fn in one transaction on one connection; within another transaction, in a savepoint
   * (rolled back to when fn throws, and the error goes on). READ COMMITTED: a check-then-insert
   * is made safe by a constraint (booking_hosts_no_overlap, a unique key), not by isolation. A
   * statement that fails aborts the whole transaction, so a failure meant to be caught (23P01,
   * "slot taken") is run in a nested transaction. Calls made outside fn's async context meanwhile
   * use other connections: they see none of its writes and wait for its row locks.
   */
  transaction<T>(fn: () => Promise<T> | T, options?: TransactionOptions): Promise<T>;
  /**
   * Calls `heard` at each NOTIFY on `channel`, on a connection of its own, connected again
   * after a failure (what was sent meanwhile is missed: callers poll as well). Resolves with
   * the way to stop.
   */
  listen(channel: string, heard: () => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

const LISTEN_RETRY_MS = 1_000;

interface OpenTransaction {
  client: pg.PoolClient;
  open: boolean;
  savepoints: number;
}

export function createSession(pool: pg.Pool): Session {
  const context = new AsyncLocalStorage<OpenTransaction>();

  function inside(): OpenTransaction | undefined {
    const current = context.getStore();
    // A promise that outlived its transaction still carries its context, but the connection has
    // gone back to the pool, maybe into someone else's transaction.
    return current?.open ? current : undefined;
  }

  async function savepoint<T>(open: OpenTransaction, fn: () => Promise<T> | T): Promise<T> {
    const name = `nested_${++open.savepoints}`;
    await open.client.query(`SAVEPOINT ${name}`);
    try {
      const result = await fn();
      await open.client.query(`RELEASE SAVEPOINT ${name}`);
      return result;
    } catch (error) {
      await open.client.query(`ROLLBACK TO SAVEPOINT ${name}; RELEASE SAVEPOINT ${name}`);
      throw error;
    }
  }

  return {
    query<R extends pg.QueryResultRow = pg.QueryResultRow>(text: string, values?: unknown[]) {
      return (inside()?.client ?? pool).query<R>(text, values);
    },

    async transaction<T>(fn: () => Promise<T> | T, options: TransactionOptions = {}): Promise<T> {
      const outer = inside();
      // The outermost commit decides durability: a savepoint has none of its own.
      if (outer) return savepoint(outer, fn);
      const client = await pool.connect();
      const transaction: OpenTransaction = { client, open: true, savepoints: 0 };
      let broken: Error | undefined;
      try {
        // Off: the commit returns before its WAL reaches the disk; a crash may lose it, never tear it.
        await client.query(options.durable === false ? 'BEGIN; SET LOCAL synchronous_commit = off' : 'BEGIN');
        const result = await context.run(transaction, fn);
        transaction.open = false;
        await client.query('COMMIT');
        return result;
      } catch (error) {
        transaction.open = false;
        await client.query('ROLLBACK').catch((failure: Error) => (broken = failure));
        throw error;
      } finally {
        // A connection that could not even roll back is closed, not pooled.
        client.release(broken);
      }
    },

    async listen(channel: string, heard: () => void): Promise<() => Promise<void>> {
      let stopped = false;
      let client: pg.PoolClient | null = null;
      let retry: NodeJS.Timeout | null = null;
      const connect = async (): Promise<void> => {
        try {
          const connected = await pool.connect();
          client = connected;
          connected.on('notification', (message) => message.channel === channel && heard());
          connected.on('error', (error) => {
            if (client !== connected) return;
            client = null;
            connected.release(error);
            if (!stopped) retry = setTimeout(() => void connect(), LISTEN_RETRY_MS);
          });
          await connected.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
          if (stopped) await stop();
        } catch {
          if (!stopped && client === null) retry = setTimeout(() => void connect(), LISTEN_RETRY_MS);
        }
      };
      const stop = async (): Promise<void> => {
        stopped = true;
        if (retry) clearTimeout(retry);
        const held = client;
        client = null;
        if (!held) return;
        await held.query(`UNLISTEN ${pg.escapeIdentifier(channel)}`).catch(() => undefined);
        held.release();
      };
      await connect();
      return stop;
    },

    close: () => pool.end(),
  };
}
