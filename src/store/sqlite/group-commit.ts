import type { Db } from './database.js';

type Outcome<R> = { ok: true; value: R } | { ok: false; error: Error };

interface Pending<T, R> {
  item: T;
  resolve: (value: R) => void;
  reject: (error: Error) => void;
}

/**
 * Group commit: writes asked for close together go into ONE transaction, so one COMMIT, and with
 * synchronous=FULL one WAL fsync, covers them all. Each caller's promise settles only after that
 * COMMIT returned, so "on disk before the answer" still holds write by write. At 32 SMTP
 * connections a commit per message kept the event loop in fsync while other sessions' finished
 * DATA waited.
 *
 * When: the first write of an event-loop turn commits at once (in a microtask, after its
 * caller's callback), together with whatever that callback asked for, so under no load nothing
 * waits. A write that comes after a commit in the same turn (other sessions the same poll
 * delivered, typically data that arrived while the loop was in that fsync) waits for the turn's
 * check phase (setImmediate) and commits there with every other such write: a poll that
 * delivers many sessions' data costs two commits, not one a session. Deferring every write to
 * setImmediate would save the first of the two, but each answer would then also wait for all
 * else the poll phase runs, the pipeline's turns included while they share this loop: measured
 * with the worker on, 1-connection ingest fell by about a third and its median latency nearly
 * tripled.
 *
 * `write` must be all-or-nothing itself (a `db.transaction`: nested, it becomes a SAVEPOINT), so
 * one bad item fails alone and the rest of its batch commits. If the COMMIT fails, no item of the
 * batch is on disk and every promise of the batch rejects.
 *
 * `idle` tells whether a store transaction holds the connection (transactions.ts): the batch
 * waits for its end rather than joining it. So it must never be called inside one.
 */
export function createGroupCommit<T, R>(
  db: Db,
  write: (item: T) => R,
  idle: () => Promise<void> | null = () => null,
): (item: T) => Promise<R> {
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
    const busy = idle();
    if (busy) {
      void busy.then(flush);
      return;
    }
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

  // Set by a commit made at once, cleared when the event loop next reaches its check phase.
  let committedThisTurn = false;

  return (item) =>
    new Promise<R>((resolve, reject) => {
      queue.push({ item, resolve, reject });
      // A flush is already on its way and takes the whole queue.
      if (queue.length > 1) return;
      if (committedThisTurn) {
        setImmediate(flush);
        return;
      }
      committedThisTurn = true;
      setImmediate(() => {
        committedThisTurn = false;
      });
      queueMicrotask(flush);
    });
}
