// The listener speaks only these types and the store implements them, so the SMTP edge never
// depends on how or where mail is stored.

/** Where an inbound message's bytes are kept: in the database, or in a body file already on disk. */
export type StoredRaw = { bytes: Buffer } | { file: string; size: number };

/** The size in bytes of a stored message, wherever its bytes are kept. */
export function storedSize(raw: StoredRaw): number {
  return 'bytes' in raw ? raw.bytes.length : raw.size;
}

/** A raw inbound message as the SMTP edge (or `replay`) hands it over. */
export interface InboundEnvelope {
  campaign: string;
  envelopeFrom: string | null;
  envelopeTo: string[];
  remoteAddress: string | null;
  helo: string | null;
  raw: StoredRaw;
  receivedAt: number;
}

/** A body file being written as the message arrives. */
export interface BodyFileWriter {
  write(chunk: Buffer): Promise<void>;
  /** Flushes the file and its folder entry to disk; resolves with the file's name once both are there. */
  finish(): Promise<{ file: string; size: number }>;
  /** Closes and removes the file: the message was refused or the connection dropped. */
  discard(): Promise<void>;
}
