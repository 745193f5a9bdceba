import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { createListener, type ListenerDeps, type ListenerOptions } from '../../src/mail/listener.js';
import { resolveRecipient } from '../../src/mail/addressing.js';
import { openStore } from '../../src/store/store.js';

export const CAMPAIGN = 'webinar-q3@meet.acme.com';

/** Generous limits, so a test only meets the one limit it sets itself. */
export const EDGE_OPTIONS: ListenerOptions = {
  host: '127.0.0.1',
  port: 0,
  maxMessageBytes: 1_000_000,
  maxRecipients: 50,
  maxConnections: 50,
  maxConnectionsPerIpPerMinute: 1000,
  idleTimeoutSeconds: 30,
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
  const store = openStore(join(dir, 'edge.db'));
  const campaigns = new Set([CAMPAIGN]);
  const listener = createListener(
    {
      campaignFor: (recipient) => resolveRecipient(recipient, campaigns)?.campaign ?? null,
      accept: (envelopes) => store.spool.acceptGrouped(envelopes),
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
    messages(): StoredMessage[] {
      return store.db.prepare(`SELECT id, envelope_from, envelope_to, raw FROM messages ORDER BY id`).all() as StoredMessage[];
    },
    async close(): Promise<void> {
      await listener.close();
      store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export type EdgeListener = Awaited<ReturnType<typeof startEdgeListener>>;
