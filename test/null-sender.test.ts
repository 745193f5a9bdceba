import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTransport } from 'nodemailer';
import { startRelaySink } from './support/relay-sink.js';
import { startDemoService } from './support/service.js';
import { sqliteConnection } from '../src/store/sqlite/store.js';

describe('mail from the null reverse path, over real SMTP', () => {
  let relay: Awaited<ReturnType<typeof startRelaySink>>;
  let running: Awaited<ReturnType<typeof startDemoService>>;

  beforeAll(async () => {
    relay = await startRelaySink();
    running = await startDemoService({ outboundSmtpUrl: relay.url });
  });
  afterAll(async () => {
    await running?.service.close();
    await relay?.close();
  });

  it('MAIL FROM:<> with a human-looking From gets no answer, and is recorded as a notification', async () => {
    const client = createTransport({ host: '127.0.0.1', port: running.service.smtp.port, secure: false, ignoreTLS: true });
    const sent = await client.sendMail({
      envelope: { from: '', to: ['webinar-q3@meet.acme.com'] },
      from: 'Jane Doe <jane.doe@example.com>',
      to: 'webinar-q3@meet.acme.com',
      subject: 'Demo request',
      text: 'Hi, I would like a demo next week. Best, Jane',
    });
    expect(sent.accepted).toEqual(['webinar-q3@meet.acme.com']);
    // A control message from a real return path, sent after it: once it is answered, the first
    // one has been through the pipeline too (one worker, in order).
    await client.sendMail({
      from: 'Tom Roe <tom.roe@example.org>',
      to: 'webinar-q3@meet.acme.com',
      subject: 'Demo please',
      text: 'Hello, could we set up a demo? Tom',
    });
    const mails = await relay.waitFor(1);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(relay.received.map((mail) => mail.envelopeTo).flat()).not.toContain('jane.doe@example.com');
    expect(mails[0]!.envelopeTo).toEqual(['tom.roe@example.org']);
    const db = sqliteConnection(running.service.store);
    const row = db.prepare(`SELECT status, kind, envelope_from FROM messages WHERE direction = 'in' AND subject = 'Demo request'`).get();
    expect(row).toEqual({ status: 'processed', kind: 'notification', envelope_from: '' });
    expect(db.prepare(`SELECT count(*) FROM leads WHERE email = 'jane.doe@example.com'`).pluck().get()).toBe(0);
    client.close();
  });
});
