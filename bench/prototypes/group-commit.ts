/**
 * PROTOTYPE for the lead to adopt (not wired into the service): group commit for the spool.
 *
 * Today every accepted message is its own SQLite transaction, so every 250 costs one WAL fsync
 * (synchronous=FULL), taken on the event loop: at 32 connections the loop spends most of its
 * time in COMMIT while other sessions' finished DATA waits. Group commit writes every message
 * whose DATA ended in the same event-loop turn in ONE transaction (one fsync), and answers each
 * of them only after that commit returned, so "durable before 250" still holds message by
 * message. Under no load a batch is one message and nothing waits longer than today (the flush
 * runs in setImmediate, not on a timer); under load batches grow by themselves, because the
 * DATA that ends while a commit blocks the loop is all there for the next flush.
 *
 * Adopting it: `ListenerDeps.accept` returns `Promise<number[]>` and `receive` awaits it (its
 * 451 on failure stays as is); app.ts passes `createGroupCommit(store.db, store.spool.accept)`.
 */
import type { Db } from '../../src/store/database.js';

interface Pending<T, R> {
  item: T;
  resolve: (result: R) => void;
  reject: (error: Error) => void;
}

export function createGroupCommit<T, R>(db: Db, write: (item: T) => R): (item: T) => Promise<R> {
  let queue: Pending<T, R>[] = [];
  let scheduled = false;

  function flush(): void {
    scheduled = false;
    const batch = queue;
    queue = [];
    const results: Array<{ ok: true; value: R } | { ok: false; error: Error }> = [];
    try {
      // `write` may itself be a db.transaction: nested, it becomes a SAVEPOINT, so one bad
      // message rolls back alone and the rest of the batch still commits.
      db.transaction(() => {
        for (const pending of batch) {
          try {
            results.push({ ok: true, value: write(pending.item) });
          } catch (error) {
            results.push({ ok: false, error: error as Error });
          }
        }
      })();
    } catch (error) {
      // COMMIT itself failed: nothing of the batch is on disk, every sender gets a 451.
      for (const pending of batch) pending.reject(error as Error);
      return;
    }
    batch.forEach((pending, i) => {
      const result = results[i]!;
      if (result.ok) pending.resolve(result.value);
      else pending.reject(result.error);
    });
  }

  return (item) =>
    new Promise<R>((resolve, reject) => {
      queue.push({ item, resolve, reject });
      if (!scheduled) {
        scheduled = true;
        setImmediate(flush);
      }
    });
}
