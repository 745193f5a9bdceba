import { createReadStream, existsSync, mkdirSync, readdirSync, statSync, unlinkSync } from 'node:fs';
import { open, readFile, unlink, type FileHandle } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import { dirname, join } from 'node:path';
import type { Readable } from 'node:stream';
import type { BodyFileWriter } from '../../mail/inbound-envelope.js';

/**
 * Message bodies too large for a database row, one file each, the way an MTA keeps its queue:
 * the listener writes a large message into a file as it arrives, so it is never held in memory
 * whole, and the row that points at the file is committed only after the file and its folder
 * entry are on disk.
 */
export function createBodyFiles(dir: string) {
  // Made on first use: a store opened for a report never needs it.
  let made = false;
  const syncFolder = oneAfterAnother(() => syncDirectory(dir));

  return {
    dir,

    async create(): Promise<BodyFileWriter> {
      if (!made) {
        // The folder's own name must survive a crash as its files' names do.
        if (mkdirSync(dir, { recursive: true, mode: 0o700 }) !== undefined) await syncDirectory(dirname(dir));
        made = true;
      }
      const file = `${Date.now().toString(36)}-${randomUUID()}.eml`;
      const path = join(dir, file);
      const handle = await open(path, 'wx', 0o600);
      let size = 0;
      let closed = false;
      const close = async (): Promise<void> => {
        if (closed) return;
        closed = true;
        await handle.close();
      };
      return {
        async write(chunk) {
          await writeAll(handle, chunk);
          size += chunk.length;
        },
        async finish() {
          try {
            await handle.datasync();
          } finally {
            await close();
          }
          // A new file's name is part of its folder: without this, a crash can lose the file.
          await syncFolder();
          return { file, size };
        },
        async discard() {
          await close().catch(() => undefined);
          await unlink(path).catch(() => undefined);
        },
      };
    },

    stream(file: string): Readable {
      return createReadStream(join(dir, file));
    },

    read(file: string): Promise<Buffer> {
      return readFile(join(dir, file));
    },

    /**
     * Removes files no row points at: a message whose connection dropped, or whose commit
     * failed, after its file was written. Only files older than `olderThanMs`, so a file another
     * process (`replay`) is still writing is left alone.
     */
    sweep(isReferenced: (file: string) => boolean, olderThanMs: number, now: number): number {
      if (!existsSync(dir)) return 0;
      let removed = 0;
      for (const file of readdirSync(dir)) {
        const path = join(dir, file);
        if (!file.endsWith('.eml') || isReferenced(file)) continue;
        if (now - statSync(path).mtimeMs < olderThanMs) continue;
        unlinkSync(path);
        removed++;
      }
      return removed;
    },
  };
}

export type BodyFiles = ReturnType<typeof createBodyFiles>;

async function writeAll(handle: FileHandle, chunk: Buffer): Promise<void> {
  let written = 0;
  while (written < chunk.length) {
    const { bytesWritten } = await handle.write(chunk, written, chunk.length - written);
    written += bytesWritten;
  }
}

async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Shares one run of `task` among callers that arrive while it is not yet running, and makes a
 * caller that arrives while it runs wait for the next run: a folder sync that began before a
 * file was named does not cover it. Many large messages finishing together cost two syncs.
 */
function oneAfterAnother(task: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | null = null;
  let next: Promise<void> | null = null;
  const start = (): Promise<void> => {
    const run = task().finally(() => {
      if (running === run) running = null;
    });
    running = run;
    return run;
  };
  return () => {
    if (!running) return start();
    next ??= running
      .catch(() => undefined)
      .then(() => {
        next = null;
        return start();
      });
    return next;
  };
}
