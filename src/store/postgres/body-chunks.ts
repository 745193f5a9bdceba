import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import type { BodyFileWriter } from '../../mail/inbound-envelope.js';
import type { RawMessage } from '../../mail/raw-message.js';
import type { Session } from './session.js';

/**
 * The rows a large message is cut into (body_chunks, migration 002): as it arrives and as it is
 * read, a message is in memory one chunk at a time, whatever its size.
 */
const CHUNK_BYTES = 256 * 1024;

/**
 * Large inbound bodies in the database, the PostgreSQL engine's body files: any node reads what
 * any node's listener wrote. A body is named before its message has a row; the row points at it
 * by name (message_bodies.file) once the message is accepted.
 */
export function createBodyChunks(session: Session) {
  async function* chunksOf(name: string): AsyncGenerator<Buffer> {
    // One row per read: a reader that stops early never fetched the rest.
    for (let seq = 0; ; seq++) {
      const { rows } = await session.query<{ bytes: Buffer }>(`SELECT bytes FROM body_chunks WHERE name = $1 AND seq = $2`, [name, seq]);
      if (!rows[0]) return;
      yield rows[0].bytes;
    }
  }

  /** The chunks in order, failing at the end when they fall short of the message's size (a swept or erased body). */
  async function* complete(name: string, size: number, missing: () => Error): AsyncGenerator<Buffer> {
    let read = 0;
    for await (const chunk of chunksOf(name)) {
      read += chunk.length;
      yield chunk;
    }
    if (read !== size) throw missing();
  }

  return {
    async create(): Promise<BodyFileWriter> {
      const name = `${Date.now().toString(36)}-${randomUUID()}`;
      let pending: Buffer[] = [];
      let pendingBytes = 0;
      let seq = 0;
      let size = 0;
      // Each chunk commits as it comes, without waiting for the disk; the last one's commit waits,
      // and so takes every earlier chunk to the disk with it (one WAL): one flush per body, as a
      // body file's one fsync.
      const insert = (bytes: Buffer, durable: boolean) =>
        session.transaction(
          () =>
            session.query(`INSERT INTO body_chunks (name, seq, bytes, written_at) VALUES ($1, $2, $3, $4)`, [
              name,
              seq++,
              bytes,
              new Date().toISOString(),
            ]),
          { durable },
        );
      return {
        async write(chunk) {
          size += chunk.length;
          pending.push(chunk);
          pendingBytes += chunk.length;
          // A full chunk stays until more comes: finish() always has a last chunk to commit durably.
          if (pendingBytes <= CHUNK_BYTES) return;
          const joined = Buffer.concat(pending, pendingBytes);
          let offset = 0;
          for (; joined.length - offset > CHUNK_BYTES; offset += CHUNK_BYTES) await insert(joined.subarray(offset, offset + CHUNK_BYTES), false);
          // A copy: a view would keep all of `joined` alive until the next chunk is full.
          pending = [Buffer.from(joined.subarray(offset))];
          pendingBytes = joined.length - offset;
        },
        async finish() {
          if (pendingBytes > 0) await insert(Buffer.concat(pending, pendingBytes), true);
          pending = [];
          pendingBytes = 0;
          return { file: name, size };
        },
        async discard() {
          pending = [];
          pendingBytes = 0;
          await session.query(`DELETE FROM body_chunks WHERE name = $1`, [name]).catch(() => undefined);
        },
      };
    },

    /** A stored body as the pipeline reads it; `missing` says which message lost it. */
    raw(name: string, size: number, missing: () => Error): RawMessage {
      return {
        size,
        stream: () => Readable.from(complete(name, size, missing), { objectMode: false }),
        async bytes() {
          const whole = Buffer.allocUnsafe(size);
          let at = 0;
          for await (const chunk of complete(name, size, missing)) at += chunk.copy(whole, at);
          return whole;
        },
      };
    },

    /**
     * Removes bodies no message names whose last chunk was written `olderThanMs` or more before
     * `now`: a message whose connection dropped, or whose commit failed, after its body was
     * written. A body still arriving has a recent chunk. Returns how many bodies went.
     */
    async sweep(olderThanMs: number, now: number): Promise<number> {
      const { rows } = await session.query<{ removed: number }>(`WITH orphans AS (
          SELECT name FROM body_chunks c GROUP BY name HAVING max(written_at) <= $1
            AND NOT EXISTS (SELECT 1 FROM message_bodies b WHERE b.file = c.name)),
        gone AS (DELETE FROM body_chunks WHERE name IN (SELECT name FROM orphans) RETURNING name)
        SELECT count(DISTINCT name) AS removed FROM gone`, [new Date(now - olderThanMs).toISOString()]);
      return rows[0]!.removed;
    },
  };
}
