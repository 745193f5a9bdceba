import { AsyncLocalStorage } from 'node:async_hooks';
import type { Db } from './database.js';
import type { TransactionOptions } from '../store.js';

type Unpromised<F> = F extends (...args: infer A) => Promise<infer R> ? (...args: A) => R : F;

/**
 * A table family as this engine writes it: better-sqlite3 answers synchronously, so its methods
 * return plain values, but for those named in `Async`, which do wait on something (a file, a
 * shared commit).
 */
export type Synchronous<T, Async extends keyof T = never> = {
  [K in keyof T]: K extends Async ? T[K] : Unpromised<T[K]>;
};

interface OpenTransaction {
  open: boolean;
  savepoints: number;
}

/**
 * The store contract's async transactions over one synchronous connection. A transaction holds
 * the connection from BEGIN until its fn settles; a call from outside it (another mail's turn,
 * the webhook loop) waits for the COMMIT, so it neither joins the transaction nor reads what it
 * has not committed. Calls from inside it are told apart by their async context.
 */
export interface Transactions {
  /**
   * The family's methods as the contract's async ones, each run when the connection is free;
   * those named in `direct` do not use the connection and are passed through as they are.
   */
  family<T extends object, Async extends keyof T = never>(
    family: Synchronous<T, Async>,
    direct?: ReadonlyArray<keyof T & string>,
  ): T;
  transaction<T>(fn: () => Promise<T> | T, options?: TransactionOptions): Promise<T>;
  /** Resolves once no transaction holds the connection; null when none does. */
  idle(): Promise<void> | null;
}

export function createTransactions(db: Db): Transactions {
  const context = new AsyncLocalStorage<OpenTransaction>();
  let held: Promise<void> | null = null;

  function inside(): OpenTransaction | undefined {
    const current = context.getStore();
    // A promise that outlived its transaction still carries its context; it runs as any other call.
    return current?.open ? current : undefined;
  }

  async function run<R>(op: () => R): Promise<Awaited<R>> {
    // The check and the call share one synchronous step: nothing can BEGIN in between.
    while (held && !inside()) await held;
    return await op();
  }

  async function savepoint<T>(open: OpenTransaction, fn: () => Promise<T> | T): Promise<T> {
    const name = `nested_${++open.savepoints}`;
    db.exec(`SAVEPOINT ${name}`);
    try {
      const result = await fn();
      db.exec(`RELEASE ${name}`);
      return result;
    } catch (error) {
      if (db.inTransaction) {
        db.exec(`ROLLBACK TO ${name}`);
        db.exec(`RELEASE ${name}`);
      }
      throw error;
    }
  }

  return {
    family<T extends object, Async extends keyof T = never>(
      family: Synchronous<T, Async>,
      direct: ReadonlyArray<keyof T & string> = [],
    ): T {
      const wrapped: Record<string, unknown> = {};
      for (const [name, value] of Object.entries(family)) {
        wrapped[name] =
          typeof value === 'function' && !direct.includes(name as keyof T & string)
            ? (...args: unknown[]) => run(() => (value as (...a: unknown[]) => unknown).apply(family, args))
            : value;
      }
      return wrapped as T;
    },

    async transaction<T>(fn: () => Promise<T> | T, options: TransactionOptions = {}): Promise<T> {
      const open = inside();
      if (open) return savepoint(open, fn);
      while (held) await held;
      let release!: () => void;
      held = new Promise((resolve) => (release = resolve));
      const transaction: OpenTransaction = { open: true, savepoints: 0 };
      // In WAL mode a commit without sync is still atomic; the next FULL commit's fsync of the
      // log carries it to the disk. (A pragma, not a prepared statement: SQLite applies it when
      // it compiles it, not when it runs.)
      const fast = options.durable === false;
      try {
        if (fast) db.pragma('synchronous = OFF');
        // IMMEDIATE takes SQLite's write lock at BEGIN rather than at the first write.
        db.exec('BEGIN IMMEDIATE');
        try {
          const result = await context.run(transaction, fn);
          db.exec('COMMIT');
          return result;
        } catch (error) {
          if (db.inTransaction) db.exec('ROLLBACK');
          throw error;
        }
      } finally {
        transaction.open = false;
        if (fast) db.pragma('synchronous = FULL');
        held = null;
        release();
      }
    },

    idle(): Promise<void> | null {
      return held;
    },
  };
}
