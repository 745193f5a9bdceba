import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { createListener, type ListenerDeps, type ListenerOptions } from '../../src/mail/smtp/listener.js';
import { resolveRecipient } from '../../src/mail/addressing.js';
import { bodiesFolder, openSqliteStore } from '../../src/store/sqlite/store.js';

export const CAMPAIGN = 'webinar-q3@meet.acme.com';

/** Generous limits, so a test only meets the one limit it sets itself. */
export const EDGE_OPTIONS: ListenerOptions = {
  host: '127.0.0.1',
  port: 0,
  maxMessageBytes: 1_000_000,
  maxRecipients: 50,
  maxConnections: 50,
  maxConnectionsPerIp: 50,
  maxConnectionsPerIpPerMinute: 1000,
  idleTimeoutSeconds: 30,
  sessionTimeoutSeconds: 600,
  dataTimeoutSeconds: 300,
  tls: null,
  users: [],
  name: 'meet.acme.com',
};

export interface StoredMessage {
  id: number;
  envelope_from: string | null;
  envelope_to: string;
  raw: Buffer;
}

/**
 * The listener alone on a loopback port, storing into a temp SQLite spool the way the service
 * does, without the rest of the app.
 */
export async function startEdgeListener(options: Partial<ListenerOptions> = {}, deps: Partial<ListenerDeps> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'campaign-agent-edge-'));
  const databasePath = join(dir, 'edge.db');
  const store = openSqliteStore(databasePath);
  const campaigns = new Set([CAMPAIGN]);
  const listener = createListener(
    {
      campaignFor: (recipient) => resolveRecipient(recipient, campaigns)?.campaign ?? null,
      accept: (envelopes) => store.spool.acceptGrouped(envelopes),
      createBodyFile: () => store.spool.createBodyFile(),
      accepted: () => undefined,
      now: Date.now,
      logger: pino({ level: 'silent' }),
      ...deps,
    },
    { ...EDGE_OPTIONS, ...options },
  );
  const { port } = await listener.listen();
  return {
    listener,
    port,
    store,
    databasePath,
    /** Every stored message with its bytes, from its row or its body file. */
    messages(): StoredMessage[] {
      const rows = store.db
        .prepare(`SELECT m.id, m.envelope_from, m.envelope_to, b.raw, b.file
          FROM messages m JOIN message_bodies b ON b.message_id = m.id ORDER BY m.id`)
        .all() as Array<Omit<StoredMessage, 'raw'> & { raw: Buffer | null; file: string | null }>;
      return rows.map(({ file, raw, ...row }) => ({ ...row, raw: raw ?? readFileSync(join(bodiesFolder(databasePath), file!)) }));
    },
    async close(): Promise<void> {
      await listener.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export type EdgeListener = Awaited<ReturnType<typeof startEdgeListener>>;
