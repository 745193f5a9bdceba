import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { startDemoService } from './support/service.js';
import { sqliteConnection } from '../src/store/sqlite/store.js';

describe('a message nobody answered is visible on /healthz and /metrics', () => {
  let running: Awaited<ReturnType<typeof startDemoService>>;
  let base: string;

  beforeAll(async () => {
    running = await startDemoService();
    base = `http://127.0.0.1:${running.service.http.port}`;
  });
  afterAll(async () => {
    await running?.service.close();
  });

  it('a message for a campaign that is gone goes at once to the postmaster, with the original attached; counted, never silent', async () => {
    const before = (await (await fetch(`${base}/healthz`)).json()) as Record<string, unknown>;
    expect(before).toMatchObject({ status: 'ok', retrying: 0, failed: 0, reasons: [] });

    // Mail stored for a campaign the configuration no longer has: retrying cannot help.
    const [id] = await running.service.store.spool.accept([
      {
        campaign: 'retired@meet.acme.com',
        envelopeFrom: 'jane@example.com',
        envelopeTo: ['retired@meet.acme.com'],
        remoteAddress: '127.0.0.1',
        helo: 'client.test',
        raw: { bytes: Buffer.from('From: jane@example.com\r\nTo: retired@meet.acme.com\r\nSubject: hi\r\n\r\nHello') },
        receivedAt: Date.now(),
      },
    ]);
    const outbox = running.config.service.outboxDir;
    const sent = async () => (existsSync(outbox) ? readdirSync(outbox).filter((name) => name.endsWith('.eml')) : []);
    for (let tries = 0; tries < 50 && (await sent()).length === 0; tries++) await new Promise((resolve) => setTimeout(resolve, 100));
    const [file] = await sent();
    const handoff = await simpleParser(readFileSync(join(outbox, file!)));
    expect(handoff.to).toMatchObject({ text: 'alice@acme.com' });
    expect(handoff.subject).toContain('could not be handled (retired@meet.acme.com)');
    expect(handoff.text).toContain('a campaign no longer configured');
    expect(handoff.text).toContain('Attempts: 1');
    expect(handoff.attachments.map((part) => part.contentType)).toEqual(['message/rfc822']);

    const health = (await (await fetch(`${base}/healthz`)).json()) as Record<string, unknown>;
    expect(health).toMatchObject({ status: 'ok', retrying: 0, failed: 0, pending: 0 });
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toMatch(/^campaign_agent_messages_failed_total\{reason="campaign_gone"\} 1$/m);
    expect(metrics).toMatch(/^campaign_agent_handoffs_total\{campaign="none",cause="failure"\} 1$/m);
    expect(metrics).toMatch(/^campaign_agent_messages_pending 0$/m);
    expect(await running.service.store.spool.listFailed()).toEqual([expect.objectContaining({ id, status: 'handed_off', attempts: 1 })]);
  });

  it('a message left failed by an older version keeps /healthz degraded until it is retried', async () => {
    const db = sqliteConnection(running.service.store);
    db.prepare(`INSERT INTO messages (direction, campaign, envelope_to, raw, size, created_at, status, error)
      VALUES ('in', 'webinar-q3@meet.acme.com', '[]', X'', 0, ?, 'failed', 'RangeError: Unknown time zone')`).run(new Date().toISOString());
    const health = (await (await fetch(`${base}/healthz`)).json()) as Record<string, unknown>;
    expect(health).toMatchObject({ status: 'degraded', failed: 1 });
    expect(health.reasons).toEqual([expect.stringContaining('1 message(s) failed; see campaign-agent failed')]);
    expect(await (await fetch(`${base}/metrics`)).text()).toMatch(/^campaign_agent_messages_failed 1$/m);
  });
});
