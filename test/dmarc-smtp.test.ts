import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTransport } from 'nodemailer';
import { fixtureResolver } from './support/fixture-dns.js';
import { startRelaySink, type CapturedMail } from './support/relay-sink.js';
import { startDemoService } from './support/service.js';
import { authenticate } from '../src/mail/authenticate.js';
import { sqliteConnection } from '../src/store/sqlite/store.js';

/** Jane's mail server, the one her SPF names; anyone else sending as @example.com fails DMARC (p=reject). */
const JANE_MX = '192.0.2.10';
const ATTACKER = '203.0.113.66';
const DNS = fixtureResolver({
  'example.com': { TXT: ['v=spf1 ip4:192.0.2.0/24 -all'] },
  '_dmarc.example.com': { TXT: ['v=DMARC1; p=reject'] },
});

/**
 * Over real SMTP, with the real SPF/DKIM/DMARC check on fixture DNS. Every test client is on
 * loopback, so the address the check sees is the one the test says the mail came from.
 */
describe('a sender failing DMARC, over real SMTP', () => {
  let relay: Awaited<ReturnType<typeof startRelaySink>>;
  let running: Awaited<ReturnType<typeof startDemoService>>;
  let clientIp = JANE_MX;

  beforeAll(async () => {
    relay = await startRelaySink();
    running = await startDemoService(
      { outboundSmtpUrl: relay.url },
      {
        authenticate: ({ message }) =>
          authenticate({ raw: message.raw.stream(), clientIp, helo: 'mail.example.com', envelopeFrom: message.envelopeFrom, mta: 'meet.acme.com', resolver: DNS }),
      },
    );
  });
  afterAll(async () => {
    await running?.service.close();
    await relay?.close();
  });

  const send = (mail: Parameters<ReturnType<typeof createTransport>['sendMail']>[0]) =>
    createTransport({ host: '127.0.0.1', port: running.service.smtp.port, secure: false, ignoreTLS: true }).sendMail(mail);

  /** "Number 2" from Jane's address, in the thread of the offer. */
  const pickInThread = (offer: CapturedMail) => ({
    from: 'Jane Doe <jane@example.com>',
    to: offer.parsed.replyTo!.value[0]!.address!,
    subject: `Re: ${offer.parsed.subject}`,
    inReplyTo: offer.parsed.messageId!,
    references: offer.parsed.messageId!,
    text: 'Number 2 works for me.',
  });

  it('gets no answer and books nothing; the owner gets the message, and the real prospect is still answered', async () => {
    clientIp = JANE_MX;
    await send({ from: 'Jane Doe <jane@example.com>', to: 'webinar-q3@meet.acme.com', subject: 'Demo', text: 'Hello, could we set up a demo call? Jane' });
    const [offer] = await relay.waitFor(1);
    expect(offer!.envelopeTo).toEqual(['jane@example.com']);

    // Someone else, as Jane, picks a time in her thread; and writes as Tom, who never wrote.
    clientIp = ATTACKER;
    await send(pickInThread(offer!));
    await send({ from: 'Tom Roe <tom@example.com>', to: 'webinar-q3@meet.acme.com', subject: 'Pricing', text: 'What does it cost? Tom' });
    const handoffs = (await relay.waitFor(3)).slice(1);
    expect(handoffs.map((mail) => mail.envelopeTo)).toEqual([['alice@acme.com'], ['alice@acme.com']]);
    for (const handoff of handoffs) expect(handoff.parsed.text).toContain('failed authentication');
    await new Promise((resolve) => setTimeout(resolve, 500));
    const recipients = relay.received.slice(1).flatMap((mail) => mail.envelopeTo);
    expect(recipients).not.toContain('jane@example.com');
    expect(recipients).not.toContain('tom@example.com');
    const db = sqliteConnection(running.service.store);
    expect(db.prepare('SELECT count(*) FROM bookings').pluck().get()).toBe(0);
    expect(db.prepare(`SELECT json_extract(authentication, '$.dmarc') FROM messages WHERE direction = 'in' ORDER BY id`).pluck().all()).toEqual(['pass', 'fail', 'fail']);

    // Jane herself picks: booked.
    clientIp = JANE_MX;
    const before = relay.received.length;
    await send(pickInThread(offer!));
    const [confirmation] = (await relay.waitFor(before + 1)).slice(before);
    expect(confirmation!.envelopeTo).toEqual(['jane@example.com']);
    expect(db.prepare(`SELECT count(*) FROM bookings WHERE status = 'confirmed'`).pluck().get()).toBe(1);
  });
});
