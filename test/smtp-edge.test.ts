import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliverByDialog, smtpDialog } from './support/smtp-dialog.js';
import { startDemoService } from './support/service.js';

describe('the SMTP listener', () => {
  let running: Awaited<ReturnType<typeof startDemoService>>;

  beforeAll(async () => {
    running = await startDemoService({}, { worker: false });
  });
  afterAll(async () => {
    await running?.service.close();
  });

  async function session() {
    const dialog = await smtpDialog(running.service.smtp.port);
    expect(await dialog.greeting()).toMatch(/^220 /);
    expect(await dialog.send('EHLO client.example.com')).toMatch(/^250[ -]/);
    return dialog;
  }

  it('refuses a recipient that is not a campaign address with 550 5.1.1 at RCPT TO', async () => {
    const dialog = await session();
    expect(await dialog.send('MAIL FROM:<jane@example.com>')).toMatch(/^250 /);
    expect(await dialog.send('RCPT TO:<sales@meet.acme.com>')).toMatch(/^550 5\.1\.1 /);
    expect(await dialog.send('RCPT TO:<webinar-q3@other.example>')).toMatch(/^550 5\.1\.1 /);
    dialog.close();
  });

  it('accepts the campaign address, plain or with a +token, in any case', async () => {
    const dialog = await session();
    expect(await dialog.send('MAIL FROM:<jane@example.com>')).toMatch(/^250 /);
    expect(await dialog.send('RCPT TO:<Webinar-Q3@Meet.Acme.com>')).toMatch(/^250 /);
    expect(await dialog.send('RCPT TO:<webinar-q3+abc@meet.acme.com>')).toMatch(/^250 /);
    dialog.close();
  });

  it('refuses a message over the size limit with 552, announced or not', async () => {
    const limit = running.config.service.smtp.maxMessageBytes;
    const announced = await session();
    expect(await announced.send(`MAIL FROM:<jane@example.com> SIZE=${limit + 1}`)).toMatch(/^552 /);
    announced.close();

    const dialog = await session();
    expect(await dialog.send('MAIL FROM:<jane@example.com>')).toMatch(/^250 /);
    expect(await dialog.send('RCPT TO:<webinar-q3@meet.acme.com>')).toMatch(/^250 /);
    expect(await dialog.send('DATA')).toMatch(/^354 /);
    const line = `${'x'.repeat(998)}\r\n`;
    const body = `Subject: big\r\n\r\n${line.repeat(Math.ceil(limit / line.length) + 10)}`;
    expect(await dialog.data(body)).toMatch(/^552 /);
    const before = running.service.store.db.prepare(`SELECT count(*) FROM messages WHERE subject = 'big' OR size > ?`).pluck().get(limit);
    expect(before).toBe(0);
    dialog.close();
  });

  it('answers 250 only with the raw message stored in the spool', async () => {
    const reply = await deliverByDialog({
      port: running.service.smtp.port,
      from: 'jane@example.com',
      to: 'webinar-q3@meet.acme.com',
      message: 'From: jane@example.com\r\nTo: webinar-q3@meet.acme.com\r\nSubject: stored\r\n\r\nHello',
    });
    expect(reply).toMatch(/^250 2\.0\.0 Queued as \d+/);
    const id = Number(/Queued as (\d+)/.exec(reply)![1]);
    const row = running.service.store.db.prepare(`SELECT status, raw, campaign FROM messages WHERE id = ?`).get(id) as {
      status: string;
      raw: Buffer;
      campaign: string;
    };
    expect(row.status).toBe('received');
    expect(row.campaign).toBe('webinar-q3@meet.acme.com');
    expect(row.raw.toString()).toContain('Subject: stored');
  });
});
