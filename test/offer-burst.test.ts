import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTransport } from 'nodemailer';
import { startRelaySink, type CapturedMail } from './support/relay-sink.js';
import { startDemoService } from './support/service.js';
import { sqliteConnection } from '../src/store/sqlite/store.js';

const LEADS = 24;
const CAMPAIGN = 'webinar-q3@meet.acme.com';
const lead = (i: number) => `lead${i}@customer${i}.example`;

/**
 * A webinar's reply burst over real SMTP: 24 leads write within a second to a campaign with two
 * reps; every one then picks the first time they were offered. With offers held, each lead was
 * offered times nobody else was, so every first pick books.
 */
describe('a reply burst', () => {
  let relay: Awaited<ReturnType<typeof startRelaySink>>;
  let running: Awaited<ReturnType<typeof startDemoService>>;

  beforeAll(async () => {
    relay = await startRelaySink();
    // The week the demo calendars describe.
    running = await startDemoService({ outboundSmtpUrl: relay.url }, { now: () => Date.parse('2026-11-16T08:00:00Z') });
  });
  afterAll(async () => {
    await running?.service.close();
    await relay?.close();
  });

  const client = () => createTransport({ host: '127.0.0.1', port: running.service.smtp.port, secure: false, ignoreTLS: true, pool: true, maxConnections: 8 });
  const to = (address: string) => (mail: CapturedMail) => mail.envelopeTo.includes(address);

  it('offers each lead times nobody else holds, shares the leads between the reps, and books every first pick', async () => {
    const first = client();
    await Promise.all(
      Array.from({ length: LEADS }, (_, i) =>
        first.sendMail({ from: `Lead ${i} <${lead(i)}>`, to: CAMPAIGN, subject: 'Webinar follow-up', text: 'Thanks for the webinar, could we set up a call?' }),
      ),
    );
    first.close();
    const offers = await relay.waitFor(LEADS, 30_000);
    expect(new Set(offers.flatMap((mail) => mail.envelopeTo)).size).toBe(LEADS);

    const db = sqliteConnection(running.service.store);
    const firstOptions = db
      .prepare(`SELECT host_id || ' ' || start_at FROM offered_slots WHERE position = 1 ORDER BY conversation_id`)
      .pluck()
      .all() as string[];
    expect(firstOptions).toHaveLength(LEADS);
    const everyOffered = db.prepare(`SELECT host_id || ' ' || start_at FROM offered_slots`).pluck().all() as string[];
    expect(new Set(everyOffered).size).toBe(everyOffered.length);
    const hosts = new Set(firstOptions.map((option) => option.split(' ')[0]));
    expect(hosts).toEqual(new Set(['alice', 'bob']));
    expect(db.prepare(`SELECT count(*) FROM slot_holds WHERE tentative = 0`).pluck().get()).toBe(everyOffered.length);
    // What `explain` shows for each lead.
    expect(db.prepare(`SELECT count(*) FROM decisions WHERE kind = 'hold' AND summary LIKE 'holding 3 time(s) with %'`).pluck().get()).toBe(LEADS);
    const gauge = await (await fetch(`http://127.0.0.1:${running.service.http.port}/metrics`)).text();
    expect(gauge).toMatch(new RegExp(`^campaign_agent_held_slots ${everyOffered.length}$`, 'm'));

    const picks = client();
    await Promise.all(
      offers.map((offer) =>
        picks.sendMail({
          from: offer.envelopeTo[0]!,
          to: offer.parsed.replyTo!.value[0]!.address!,
          subject: `Re: ${offer.parsed.subject}`,
          inReplyTo: offer.parsed.messageId!,
          references: offer.parsed.messageId!,
          text: '1 works for me, thanks.',
        }),
      ),
    );
    picks.close();
    // A confirmation to each lead and a brief to the rep.
    const all = await relay.waitFor(LEADS * 3, 30_000);
    const answers = all.slice(LEADS).filter((mail) => mail.envelopeTo.some((address) => address.startsWith('lead')));
    expect(answers).toHaveLength(LEADS);
    expect(answers.filter((mail) => mail.parsed.text?.includes('has just been taken'))).toEqual([]);
    expect(db.prepare(`SELECT count(*) FROM bookings WHERE status = 'confirmed'`).pluck().get()).toBe(LEADS);
    for (let i = 0; i < LEADS; i++) expect(answers.filter(to(lead(i)))).toHaveLength(1);
    // Booked leads hold nothing any more.
    expect(db.prepare(`SELECT count(*) FROM slot_holds`).pluck().get()).toBe(0);
  }, 90_000);
});
