import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliverByDialog, smtpDialog } from './support/smtp-dialog.js';
import { startRelaySink } from './support/relay-sink.js';
import { startDemoService } from './support/service.js';
import { sqliteConnection } from '../src/store/sqlite/store.js';

const message = (to: string, subject: string) =>
  `From: Mail Admin <admin@isp.example.net>\r\nTo: ${to}\r\nSubject: ${subject}\r\nMessage-ID: <${subject.replace(/\W/g, '')}@isp.example.net>\r\n\r\nPlease look into the mail from your service.\r\n`;

/** RFC 5321 §4.5.1: postmaster must be accepted; RFC 2142: so should abuse. Over real SMTP in and out. */
describe('postmaster@ and abuse@ of the served domain', () => {
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

  it('are accepted in any case, bare postmaster too, and passed on unchanged to the ops address; never answered', async () => {
    const { port } = running.service.smtp;
    expect(await deliverByDialog({ port, from: 'admin@isp.example.net', to: 'Postmaster@meet.acme.com', message: message('postmaster@meet.acme.com', 'Blocklisted') })).toMatch(/^250 /);
    expect(await deliverByDialog({ port, from: 'admin@isp.example.net', to: 'ABUSE@MEET.ACME.COM', message: message('abuse@meet.acme.com', 'Spam complaint') })).toMatch(/^250 /);
    expect(await deliverByDialog({ port, from: 'admin@isp.example.net', to: 'postmaster', message: message('postmaster', 'Bare postmaster') })).toMatch(/^250 /);

    const mails = await relay.waitFor(3);
    expect(mails.map((mail) => mail.envelopeTo)).toEqual([['alice@acme.com'], ['alice@acme.com'], ['alice@acme.com']]);
    expect(mails.map((mail) => mail.envelopeFrom)).toEqual(Array(3).fill('postmaster@meet.acme.com'));
    expect(mails.map((mail) => mail.parsed.subject).sort()).toEqual(['Bare postmaster', 'Blocklisted', 'Spam complaint']);
    const complaint = mails.find((mail) => mail.parsed.subject === 'Spam complaint')!;
    expect(complaint.parsed.headers.get('x-campaign-agent-role-mailbox')).toBe('abuse@meet.acme.com');
    expect(complaint.raw.toString()).toContain('Please look into the mail from your service.');
    expect(relay.received.flatMap((mail) => mail.envelopeTo)).not.toContain('admin@isp.example.net');

    const metrics = await (await fetch(`http://127.0.0.1:${running.service.http.port}/metrics`)).text();
    expect(metrics).toMatch(/^campaign_agent_handoffs_total\{campaign="postmaster@meet.acme.com",cause="postmaster"\} 2$/m);
    expect(metrics).toMatch(/^campaign_agent_handoffs_total\{campaign="abuse@meet.acme.com",cause="postmaster"\} 1$/m);
    const kinds = sqliteConnection(running.service.store).prepare(`SELECT DISTINCT kind FROM messages WHERE direction = 'in'`).pluck().all();
    expect(kinds).toEqual(['postmaster']);
  });

  it('a bounce to postmaster is passed on with a null reverse path, so a bounce of it cannot loop back', async () => {
    const before = relay.received.length;
    const reply = await deliverByDialog({ port: running.service.smtp.port, from: '', to: 'postmaster@meet.acme.com', message: message('postmaster@meet.acme.com', 'Undeliverable') });
    expect(reply).toMatch(/^250 /);
    const [forwarded] = (await relay.waitFor(before + 1)).slice(before);
    expect(forwarded!.envelopeFrom).toBe('');
    expect(forwarded!.parsed.headers.get('x-campaign-agent-envelope-from')).toBe('<>');
  });

  it('postmaster@ a domain the service does not serve is refused like any unknown address', async () => {
    const dialog = await smtpDialog(running.service.smtp.port);
    try {
      await dialog.greeting();
      await dialog.send('EHLO client.example.com');
      await dialog.send('MAIL FROM:<admin@isp.example.net>');
      expect(await dialog.send('RCPT TO:<postmaster@example.org>')).toMatch(/^550 5\.1\.1 /);
      expect(await dialog.send('RCPT TO:<hostmaster@meet.acme.com>')).toMatch(/^550 5\.1\.1 /);
    } finally {
      dialog.close();
    }
  });
});
