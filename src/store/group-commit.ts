import type { Db } from './database.js';

type Outcome<R> = { ok: true; value: R } | { ok: false; error: Error };

interface Pending<T, R> {
  item: T;
  resolve: (value: R) => void;
  reject: (error: Error) => void;
}

/**
 * Group commit: every write asked for in the same event-loop turn goes into ONE transaction, so
 * one COMMIT, and with synchronous=FULL one WAL fsync, covers them all. Each caller's promise
 * settles only after that COMMIT returned, so "on disk before the answer" still holds write by
 * write. At 32 SMTP connections a commit per message kept the event loop in fsync while other
 * sessions' finished DATA waited; grouped, those are all there for the next commit.
 *
 * The flush runs in setImmediate, not on a timer: right after the poll phase that delivered the
 * data, so under no load a batch is one write and waits for nothing. Batches grow by themselves
 * under load, because whatever arrives while a commit blocks the loop is read in one go.
 *
 * `write` must be all-or-nothing itself (a `db.transaction`: nested, it becomes a SAVEPOINT), so
 * one bad item fails alone and the rest of its batch commits. If the COMMIT fails, no item of the
 * batch is on disk and every promise of the batch rejects.
 */
export function createGroupCommit<T, R>(db: Db, write: (item: T) => R): (item: T) => Promise<R> {
  let queue: Array<Pending<T, R>> = [];

  // IMMEDIATE takes the write lock at BEGIN: a second connection (another process) waits on
  // busy_timeout there, rather than failing the batch half-way with SQLITE_BUSY.
  const writeBatch = db.transaction((batch: Array<Pending<T, R>>): Array<Outcome<R>> =>
    batch.map(({ item }) => {
      try {
        return { ok: true, value: write(item) };
      } catch (error) {
        // SQLITE_FULL, SQLITE_IOERR and the like may roll back the whole transaction, not just
        // the item's savepoint: the writes before it are gone too, and the next one would run
        // and commit on its own. The batch fails as a whole.
        if (!db.inTransaction) throw error;
        return { ok: false, error: error as Error };
      }
    }),
  ).immediate;

  function flush(): void {
    const batch = queue;
    queue = [];
    let outcomes: Array<Outcome<R>>;
    try {
      outcomes = writeBatch(batch);
    } catch (error) {
      for (const pending of batch) pending.reject(error as Error);
      return;
    }
    batch.forEach((pending, i) => {
      const outcome = outcomes[i]!;
      if (outcome.ok) pending.resolve(outcome.value);
      else pending.reject(outcome.error);
    });
  }

  return (item) =>
    new Promise<R>((resolve, reject) => {
      queue.push({ item, resolve, reject });
      if (queue.length === 1) setImmediate(flush);
    });
}
