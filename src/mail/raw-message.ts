import { Readable } from 'node:stream';

/**
 * The bytes of one message as received, wherever they are kept: a small message is a Buffer, a
 * large one a file that is read as a stream, so it is never held in memory whole.
 */
export interface RawMessage {
  readonly size: number;
  stream(): Readable;
  /** The whole message in memory: for the few uses that need it at once (a forward copy). */
  bytes(): Promise<Buffer>;
}

export function rawFromBuffer(buffer: Buffer): RawMessage {
  return {
    size: buffer.length,
    stream: () => Readable.from([buffer]),
    bytes: () => Promise.resolve(buffer),
  };
}
