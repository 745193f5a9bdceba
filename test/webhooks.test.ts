import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createTransport } from 'nodemailer';
import pino from 'pino';
import { Webhook } from 'standardwebhooks';
import { startService } from '../src/service/service.js';
import { sqliteConnection } from '../src/store/sqlite/store.js';
import { WEBHOOK_EVENTS } from '../src/config/webhook-events.js';
import { RETRY_DELAYS_MS } from '../src/integrations/webhooks.js';
import { startRelaySink } from './support/relay-sink.js';
import { demoConfig, tempDir } from './support/service.js';
import { openSqliteStore } from '../src/store/sqlite/store.js';

const SECRET = `whsec_${Buffer.alloc(32, 42).toString('base64')}`;
const CAMPAIGN = 'webinar-q3@meet.acme.com';
const JANE = 'jane.doe@acme-customer.com';

interface Received {
  id: string;
  type: string;
  data: Record<string, unknown>;
}

/** A receiver as a CRM would run one: it checks each signature with the spec's own verifier. */
async function startReceiver() {
  const verifier = new Webhook(SECRET);
  const received: Received[] = [];
  const rejected: string[] = [];
  let answers: number[] = [];
  const server = createServer(async (request: IncomingMessage, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const status = answers.shift() ?? 200;
    try {
      const event = verifier.verify(body, request.headers as Record<string, string>) as { type: string; data: Record<string, unknown> };
      if (status === 200) received.push({ id: String(request.headers['webhook-id']), type: event.type, data: event.data });
    } catch (error) {
      rejected.push((error as Error).message);
    }
    response.writeHead(status).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`,
    received,
    rejected,
    /** The next requests get these statuses (then 200). */
    answer(...statuses: number[]) {
      answers = statuses;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function until(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

async function start() {
  const receiver = await startReceiver();
  const relay = await startRelaySink();
  let now = Date.parse('2026-11-16T08:00:00Z');
  const base = demoConfig({ outboundSmtpUrl: relay.url });
  const config = { ...base, integrations: { webhooks: [{ url: receiver.url, secret: SECRET, events: WEBHOOK_EVENTS }] } };
  const service = await startService(config, { logger: pino({ level: 'silent' }), now: () => now });
  closers.push(() => relay.close(), () => receiver.close(), () => service.close());
  const smtp = createTransport({ host: '127.0.0.1', port: service.smtp.port, secure: false, ignoreTLS: true });
  closers.push(async () => smtp.close());
  return { receiver, relay, service, smtp, advance: (ms: number) => (now += ms), now: () => now };
}

describe('signed webhooks', () => {
  it('a lead who books: lead.created then meeting.booked, signed, each delivered once', async () => {
    const { receiver, relay, smtp } = await start();
    await smtp.sendMail({ from: `Jane Doe <${JANE}>`, to: CAMPAIGN, subject: 'Demo', text: 'Hello, could we set up a demo?' });
    const [offer] = await relay.waitFor(1);
    await smtp.sendMail({ from: JANE, to: offer!.parsed.replyTo!.value[0]!.address!, subject: `Re: ${offer!.parsed.subject}`, inReplyTo: offer!.parsed.messageId!, text: '1 please' });
    await until(() => receiver.received.length >= 2, 'two webhooks');
    expect(receiver.rejected).toEqual([]);
    expect(receiver.received.map((event) => event.type)).toEqual(['lead.created', 'meeting.booked']);
    const [created, booked] = receiver.received;
    expect(created!.data).toMatchObject({ lead: { campaign: CAMPAIGN, email: JANE, name: 'Jane Doe' } });
    expect(booked!.data).toMatchObject({ lead: { email: JANE }, meeting: { uid: expect.any(String), start: expect.any(String), hosts: [expect.objectContaining({ id: expect.any(String) })] } });
    expect(new Set(receiver.received.map((event) => event.id)).size).toBe(2);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(receiver.received).toHaveLength(2);
  });

  it('a receiver that fails is tried again with backoff, a lead\'s events stay in order; out of attempts, they wait in the dead letters until retried', async () => {
    const { receiver, relay, service, smtp, advance, now } = await start();
    receiver.answer(500, 503);
    await smtp.sendMail({ from: `Jane Doe <${JANE}>`, to: CAMPAIGN, subject: 'Demo', text: 'Hello, could we set up a demo?' });
    const [offer] = await relay.waitFor(1);
    await smtp.sendMail({ from: JANE, to: offer!.parsed.replyTo!.value[0]!.address!, subject: `Re: ${offer!.parsed.subject}`, inReplyTo: offer!.parsed.messageId!, text: '1 please' });
    await until(() => relay.received.length >= 3, 'the confirmation and the brief');
    await until(async () => await service.store.webhooks.pending() === 2 && receiver.rejected.length === 0, 'two pending deliveries');
    // Nothing reaches the receiver before its retry is due, and meeting.booked waits behind lead.created.
    expect(receiver.received).toEqual([]);
    advance(RETRY_DELAYS_MS[0]!);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(receiver.received).toEqual([]);
    advance(RETRY_DELAYS_MS[1]!);
    await until(() => receiver.received.length === 2, 'both after the retries');
    expect(receiver.received.map((event) => event.type)).toEqual(['lead.created', 'meeting.booked']);

    // Down for good: every attempt fails, then the delivery is kept as failed.
    receiver.answer(...Array.from({ length: RETRY_DELAYS_MS.length + 1 }, () => 500));
    sqliteConnection(service.store).prepare(`UPDATE conversations SET status = 'handed_off'`).run();
    await smtp.sendMail({ from: `Sam Wu <sam@other.example>`, to: CAMPAIGN, subject: 'Demo', text: 'Hello, I would like a demo call.' });
    await until(() => relay.received.length >= 4, "Sam's offer");
    for (const delay of RETRY_DELAYS_MS) {
      await until(async () => await service.store.webhooks.pending() === 0 || sqliteConnection(service.store).prepare(`SELECT attempts FROM webhook_deliveries WHERE event = 'lead.created' ORDER BY id DESC LIMIT 1`).pluck().get() as number > 0, 'an attempt');
      advance(delay);
      await new Promise((resolve) => setTimeout(resolve, 1100));
    }
    await until(async () => (await service.store.webhooks.failed()).length === 1, 'a dead letter');
    const [dead] = await service.store.webhooks.failed();
    expect(dead).toMatchObject({ event: 'lead.created', attempts: RETRY_DELAYS_MS.length + 1, lastError: 'HTTP 500' });
    receiver.answer();
    expect(await service.store.webhooks.retry(dead!.id, now())).toBe(1);
    await until(() => receiver.received.some((event) => event.type === 'lead.created' && (event.data.lead as { email: string }).email === 'sam@other.example'), "Sam's lead.created");
    const metrics = await (await fetch(`http://127.0.0.1:${service.http.port}/metrics`)).text();
    expect(metrics).toMatch(/campaign_agent_webhook_attempts_total\{event="lead.created",result="retrying"\} \d+/);
    expect(metrics).toMatch(/campaign_agent_webhook_attempts_total\{event="lead.created",result="failed"\} 1/);
    expect(metrics).toMatch(/^campaign_agent_webhooks_pending 0$/m);
  }, 60_000);
});

describe('campaign-agent webhooks', () => {
  it('failed lists the dead letters with their last error; retry queues them again', async () => {
    const database = join(tempDir(), 'test.db');
    const store = openSqliteStore(database);
    await store.webhooks.enqueue([{ webhookId: 'msg_1', endpoint: 'https://crm.example/hooks', event: 'meeting.booked', leadId: 7, payload: '{}' }], 0);
    await store.webhooks.attemptFailed((await store.webhooks.claimNext(0, { node: 'test', leaseMs: 60_000 }))!.id, 'HTTP 502', null);
    await store.close();
    const cli = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'webhooks', ...args, '--database', database], {
      env: { ...process.env, LOG_LEVEL: 'silent' }, encoding: 'utf8', timeout: 20_000,
    });
    const listed = cli('failed', '--json');
    expect(listed.status).toBe(0);
    expect(JSON.parse(listed.stdout)).toEqual([expect.objectContaining({ webhookId: 'msg_1', event: 'meeting.booked', leadId: 7, attempts: 1, lastError: 'HTTP 502' })]);
    expect(cli('failed').stdout).toContain('meeting.booked  lead 7  to https://crm.example/hooks  attempts 1\n    HTTP 502');
    expect(cli('retry', 'all')).toMatchObject({ status: 0, stdout: '1 webhook delivery(ies) queued again\n' });
    expect(cli('retry', 'all')).toMatchObject({ status: 1, stderr: 'no failed webhook deliveries\n' });
    expect(cli('retry', 'x1')).toMatchObject({ status: 1 });
    expect(cli('failed').stdout).toBe('no failed webhook deliveries\n');
  });
});
