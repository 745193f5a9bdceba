import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTransport } from 'nodemailer';
import { simpleParser } from 'mailparser';
import { startRelaySink } from './support/relay-sink.js';
import { startDemoService } from './support/service.js';
import { sqliteConnection } from '../src/store/sqlite/store.js';

/**
 * A message the pipeline cannot finish is tried again, then handed to a person with the
 * original attached: over real SMTP in and out, on the real database file, with the service's
 * clock moved forward between attempts.
 */
describe('a message the pipeline keeps failing on', () => {
  let relay: Awaited<ReturnType<typeof startRelaySink>>;
  let running: Awaited<ReturnType<typeof startDemoService>>;
  let clock = Date.parse('2026-12-07T09:00:00Z');
  let base: string;
  const body = 'Hi, could we set up a demo next week? Jane';

  let restore: (() => void) | null = null;
  afterEach(() => {
    restore?.();
    restore = null;
  });

  beforeAll(async () => {
    relay = await startRelaySink();
    running = await startDemoService({ outboundSmtpUrl: relay.url }, { now: () => clock });
    base = `http://127.0.0.1:${running.service.http.port}`;
  });
  afterAll(async () => {
    await running?.service.close();
    await relay?.close();
  });

  const health = async () => (await (await fetch(`${base}/healthz`)).json()) as Record<string, unknown>;
  const metrics = async () => (await fetch(`${base}/metrics`)).text();
  const attempts = (id: number) =>
    sqliteConnection(running.service.store).prepare('SELECT attempts FROM messages WHERE id = ?').pluck().get(id) as number;
  /** The attempts once the last one has been settled: its retry scheduled, or the message handed over. */
  const settledAttempts = (id: number) =>
    sqliteConnection(running.service.store)
      .prepare(`SELECT attempts FROM messages WHERE id = ? AND (status = 'handed_off' OR (status = 'received' AND next_attempt_at IS NOT NULL))`)
      .pluck()
      .get(id) as number | undefined;
  const inbound = () =>
    sqliteConnection(running.service.store).prepare(`SELECT id, status FROM messages WHERE direction = 'in' ORDER BY id DESC LIMIT 1`).get() as { id: number; status: string };
  // Generous: on a loaded machine the worker's next poll can take a while.
  async function until<T>(read: () => Promise<T> | T, done: (value: T) => boolean, timeoutMs = 30_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await read();
      if (done(value) || Date.now() > deadline) return value;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  it('is retried with growing pauses, reported as degraded meanwhile, then goes to the owner with the original attached', async () => {
    const { store } = running.service;
    const markProcessed = store.journal.markProcessed;
    restore = () => {
      store.journal.markProcessed = markProcessed;
    };
    store.journal.markProcessed = () => {
      throw new Error('disk I/O error (simulated)');
    };
    const client = createTransport({ host: '127.0.0.1', port: running.service.smtp.port, secure: false, ignoreTLS: true });
    await client.sendMail({ from: 'Jane Doe <jane.doe@example.com>', to: 'webinar-q3@meet.acme.com', subject: 'Demo', text: body });

    const degraded = await until(health, (value) => value.status === 'degraded');
    expect(degraded).toMatchObject({ status: 'degraded', retrying: 1, pending: 1 });
    expect(degraded.reasons).toEqual([expect.stringContaining('1 message(s) failed and wait for another attempt')]);
    expect(await metrics()).toMatch(/^campaign_agent_messages_retrying 1$/m);
    const { id } = inbound();
    expect(attempts(id)).toBe(1);

    // Not before its time: the first pause is a minute.
    clock += 30_000;
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(attempts(id)).toBe(1);
    for (const [pause, attempt] of [[60_000, 2], [5 * 60_000, 3], [20 * 60_000, 4]] as const) {
      clock += pause;
      // The clock moves on only once the attempt has been settled: its pause starts from then.
      expect(await until(() => settledAttempts(id), (value) => value === attempt)).toBe(attempt);
    }
    expect(await until(() => inbound().status, (status) => status === 'handed_off')).toBe('handed_off');
    store.journal.markProcessed = markProcessed;

    const [handoff] = await relay.waitFor(1, 30_000);
    expect(handoff!.envelopeTo).toEqual(['alice@acme.com']);
    expect(handoff!.envelopeFrom).toBe('webinar-q3@meet.acme.com');
    expect(handoff!.parsed.subject).toBe('Needs a person: a message from jane.doe@example.com could not be handled (Q3 webinar follow-up)');
    expect(handoff!.parsed.replyTo?.text).toContain('jane.doe@example.com');
    expect(handoff!.parsed.text).toContain('Why:      disk I/O error (simulated)');
    expect(handoff!.parsed.text).toContain('Attempts: 4');
    expect(handoff!.parsed.text).toContain(`campaign-agent retry ${id}`);
    const attached = handoff!.parsed.attachments.find((part) => part.contentType === 'message/rfc822');
    expect(attached).toBeDefined();
    const original = await simpleParser(attached!.content);
    expect(original.text?.trim()).toBe(body);
    expect(relay.received.flatMap((mail) => mail.envelopeTo)).not.toContain('jane.doe@example.com');

    expect(await health()).toMatchObject({ status: 'ok', retrying: 0, pending: 0 });
    const counted = await metrics();
    expect(counted).toMatch(/^campaign_agent_messages_failed_total\{reason="pipeline_error"\} 4$/m);
    expect(counted).toMatch(/^campaign_agent_handoffs_total\{campaign="webinar-q3@meet.acme.com",cause="failure"\} 1$/m);
    const conversation = sqliteConnection(store)
      .prepare(`SELECT json_extract(state, '$.status') FROM conversations c JOIN leads l ON l.id = c.lead_id WHERE l.email = ?`)
      .pluck()
      .get('jane.doe@example.com');
    expect(conversation).toBe('handed_off');
    const decision = sqliteConnection(store).prepare(`SELECT summary FROM decisions WHERE message_id = ? AND kind = 'handoff'`).pluck().get(id);
    expect(decision).toBe('could not be handled (disk I/O error (simulated)) after 4 attempt(s); handed to alice@acme.com');
  }, 90_000);

  it('a message that fails once is answered on its next attempt, and nobody else is bothered', async () => {
    const { store } = running.service;
    const markProcessed = store.journal.markProcessed;
    restore = () => {
      store.journal.markProcessed = markProcessed;
    };
    let failures = 1;
    store.journal.markProcessed = async (...args) => {
      if (failures-- > 0) throw new Error('database is locked (simulated)');
      return await markProcessed(...args);
    };
    const before = relay.received.length;
    const client = createTransport({ host: '127.0.0.1', port: running.service.smtp.port, secure: false, ignoreTLS: true });
    await client.sendMail({ from: 'Tom Roe <tom.roe@example.org>', to: 'webinar-q3@meet.acme.com', subject: 'Demo', text: 'Could we talk next week? Tom' });
    await until(health, (value) => value.status === 'degraded');
    clock += 61_000;
    const [answer] = (await relay.waitFor(before + 1, 30_000)).slice(before);
    store.journal.markProcessed = markProcessed;
    expect(answer!.envelopeTo).toEqual(['tom.roe@example.org']);
    expect(answer!.parsed.text).toMatch(/1\./);
    expect(await until(health, (value) => value.status === 'ok')).toMatchObject({ status: 'ok', retrying: 0 });
  });
});
