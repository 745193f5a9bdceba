import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoService } from './support/service.js';

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

  it('healthy first; degraded with a reason, a failure counted and a failed gauge once a message fails', async () => {
    const before = (await (await fetch(`${base}/healthz`)).json()) as Record<string, unknown>;
    expect(before).toMatchObject({ status: 'ok', failed: 0, reasons: [] });

    // Mail stored for a campaign the configuration no longer has: the pipeline cannot answer it.
    running.service.store.spool.accept([
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
    let health: Record<string, unknown> = before;
    for (let tries = 0; tries < 50 && health.status === 'ok'; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      health = (await (await fetch(`${base}/healthz`)).json()) as Record<string, unknown>;
    }
    expect(health).toMatchObject({ status: 'degraded', failed: 1, pending: 0 });
    expect(health.reasons).toEqual([expect.stringContaining('1 message(s) failed')]);

    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toMatch(/^campaign_agent_messages_failed_total\{reason="campaign_gone"\} 1$/m);
    expect(metrics).toMatch(/^campaign_agent_messages_failed 1$/m);
    expect(metrics).toMatch(/^campaign_agent_messages_pending 0$/m);
    expect(metrics).toMatch(/^campaign_agent_oldest_pending_message_seconds 0$/m);
  });
});
