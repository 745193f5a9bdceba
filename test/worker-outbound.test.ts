import { describe, expect, it } from 'vitest';
import pino from 'pino';
import { openSqliteStore, type SqliteStore } from '../src/store/sqlite/store.js';
import { createSpoolLoop } from '../src/service/spool-loop.js';
import type { MailSender, OutgoingMessage } from '../src/mail/outbound.js';

const NOW = Date.parse('2026-11-20T14:14:05Z');

async function queue(store: SqliteStore, n: number): Promise<number> {
  return await store.outbox.queue(
    {
      campaign: 'webinar-q3@meet.acme.com',
      conversationId: null,
      kind: 'host_brief',
      messageId: `<brief-${n}@meet.acme.com>`,
      envelopeFrom: 'webinar-q3@meet.acme.com',
      envelopeTo: [`host-${n}@acme.com`],
      subject: `brief ${n}`,
      text: '',
      raw: Buffer.from(`Subject: brief ${n}\r\n\r\nhello\r\n`),
    },
    NOW,
  );
}

/** A relay whose answer to each mail the test gives when it wants. */
function heldSender() {
  const started: number[] = [];
  const release = new Map<number, () => void>();
  const sender: MailSender = {
    description: 'held',
    send: (message: OutgoingMessage) =>
      new Promise<void>((resolve) => {
        started.push(message.id);
        release.set(message.id, resolve);
      }),
    close: () => undefined,
  };
  return { sender, started, release: (id: number) => release.get(id)!() };
}

async function until(condition: () => boolean | Promise<boolean>): Promise<void> {
  for (let i = 0; i < 200 && !(await condition()); i++) await new Promise((resolve) => setTimeout(resolve, 5));
  expect(await condition()).toBe(true);
}

describe('the outbound loop', () => {
  it('starts a newly queued mail while an earlier one is still being sent, and sends each once', async () => {
    const store = openSqliteStore(':memory:');
    const relay = heldSender();
    const worker = createSpoolLoop({
      store,
      process: async () => ({ status: 'handed_off', reason: 'unused' }),
      followUps: async () => 0,
      sender: relay.sender,
      deliverWebhook: async () => undefined,
      now: () => NOW,
      logger: pino({ level: 'silent' }),
      node: 'test-node',
    });
    const first = await queue(store, 1);
    await worker.start();
    await until(() => relay.started.length === 1);

    const second = await queue(store, 2);
    worker.kick();
    await until(() => relay.started.length === 2);
    expect(relay.started).toEqual([first, second]);

    relay.release(second);
    relay.release(first);
    await until(() => store.db.prepare(`SELECT count(*) FROM messages WHERE direction = 'out' AND status = 'queued'`).pluck().get() === 0);
    await worker.stop();
    expect(relay.started).toEqual([first, second]);
    expect(store.db.prepare(`SELECT status FROM messages WHERE direction = 'out' ORDER BY id`).pluck().all()).toEqual(['sent', 'sent']);
    await store.close();
  });
});
