import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTransport } from 'nodemailer';
import ICAL from 'ical.js';
import { DateTime } from 'luxon';
import { readFileSync } from 'node:fs';
import { startRelaySink, type CapturedMail } from './support/relay-sink.js';
import { startDemoService } from './support/service.js';
import { busyFromIcs } from '../src/calendar/local/ics-busy.js';
import { buildReport } from '../src/report/campaign-report.js';
import { overlaps } from '../src/core/interval.js';
import type { HostConfig } from '../src/config/types.js';
import { sqliteConnection } from '../src/store/sqlite/store.js';

/** The text/calendar alternative of a mail, as a parsed VCALENDAR. */
function invite(mail: CapturedMail): ICAL.Component {
  const raw = mail.raw.toString('utf8');
  const part = /Content-Type: text\/calendar; charset=utf-8; method=REQUEST\r\nContent-Transfer-Encoding: ([\w-]+)\r\n\r\n([\s\S]*?)\r\n--/i.exec(raw);
  expect(part, 'a text/calendar; method=REQUEST alternative').not.toBeNull();
  const body = part![1]!.toLowerCase() === 'base64' ? Buffer.from(part![2]!, 'base64').toString('utf8') : part![2]!;
  return new ICAL.Component(ICAL.parse(body));
}

function insideWorkingHours(host: HostConfig, start: number, end: number): boolean {
  const local = DateTime.fromMillis(start, { zone: host.timeZone });
  const minute = local.hour * 60 + local.minute;
  const length = (end - start) / 60_000;
  return host.workingHours[local.weekday as 1].some(
    (window) => window.startMinute <= minute && minute + length <= window.endMinute,
  );
}

describe('a prospect books a meeting by email, over real SMTP', () => {
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

  it('offers three times in the thread, books the pick, invites both, and reports it', async () => {
    const prospect = createTransport({ host: '127.0.0.1', port: running.service.smtp.port, secure: false, ignoreTLS: true });
    const first = await prospect.sendMail({
      from: 'Jane Doe <jane.doe@example.com>',
      to: 'webinar-q3@meet.acme.com',
      subject: 'Demo request',
      text: 'Hi, I attended the Q3 webinar and would like a demo. Best, Jane',
      date: new Date(),
    });

    const [offer] = await relay.waitFor(1);
    expect(offer!.envelopeTo).toEqual(['jane.doe@example.com']);
    expect(offer!.parsed.subject).toBe('Re: Demo request');
    expect(offer!.parsed.inReplyTo).toBe(first.messageId);
    expect(offer!.parsed.references).toContain(first.messageId);
    const replyTo = offer!.parsed.replyTo!.value[0]!.address!;
    expect(replyTo).toMatch(/^webinar-q3\+[a-z2-7]{26}@meet\.acme\.com$/);
    expect(offer!.parsed.headers.get('auto-submitted')).toBe('auto-replied');
    const offeredLines = offer!.parsed.text!.split('\n').filter((line) => /^\s+[1-3]\. /.test(line));
    expect(offeredLines).toHaveLength(3);

    const offered = sqliteConnection(running.service.store)
      .prepare(`SELECT position, host_id, start_at, end_at FROM offered_slots ORDER BY position`)
      .all() as Array<{ position: number; host_id: string; start_at: string; end_at: string }>;
    expect(offered.map((slot) => slot.position)).toEqual([1, 2, 3]);

    await prospect.sendMail({
      from: 'Jane Doe <jane.doe@example.com>',
      to: replyTo,
      subject: 'Re: Demo request',
      inReplyTo: offer!.parsed.messageId!,
      references: [first.messageId, offer!.parsed.messageId!],
      text: `The second one works for me.\n\nOn ${new Date().toUTCString()}, Acme Scheduling <webinar-q3@meet.acme.com> wrote:\n> ${offeredLines.join('\n> ')}\n`,
    });

    const mails = await relay.waitFor(3);
    const confirmation = mails.find((mail) => mail.envelopeTo.includes('jane.doe@example.com') && mail !== offer)!;
    const hostId = offered[1]!.host_id;
    const host = running.config.hosts.find((candidate) => candidate.id === hostId)!;
    const brief = mails.find((mail) => mail.envelopeTo.includes(host.email))!;
    expect(confirmation.parsed.subject).toBe('Re: Demo request');
    expect(confirmation.parsed.text).toContain("You're booked");
    expect(brief.parsed.text).toContain('Jane Doe <jane.doe@example.com>');
    expect(brief.parsed.text).toContain('Q3 webinar follow-up');
    expect(brief.parsed.text).toContain('would like a demo');

    const calendar = invite(confirmation);
    expect(calendar.getFirstPropertyValue('method')).toBe('REQUEST');
    const event = calendar.getFirstSubcomponent('vevent')!;
    const uid = event.getFirstPropertyValue('uid');
    expect(uid).toMatch(/@meet\.acme\.com$/);
    expect(invite(brief).getFirstSubcomponent('vevent')!.getFirstPropertyValue('uid')).toBe(uid);
    expect(String(event.getFirstPropertyValue('organizer')).toLowerCase()).toBe(`mailto:${host.email}`);
    const attendees = event.getAllProperties('attendee').map((property) => String(property.getFirstValue()).toLowerCase());
    expect(attendees.sort()).toEqual([`mailto:${host.email}`, 'mailto:jane.doe@example.com'].sort());

    const start = (event.getFirstPropertyValue('dtstart') as ICAL.Time).toJSDate().getTime();
    const end = (event.getFirstPropertyValue('dtend') as ICAL.Time).toJSDate().getTime();
    expect(new Date(start).toISOString()).toBe(offered[1]!.start_at);
    expect(insideWorkingHours(host, start, end)).toBe(true);
    const ics = (host.calendar.provider === 'local' ? host.calendar.icsFiles : []).map((file) => readFileSync(file, 'utf8'));
    const busy = ics.flatMap((text) => busyFromIcs(text, { start: start - 86_400_000, end: end + 86_400_000 }, { defaultTimeZone: host.timeZone }));
    expect(busy.some((interval) => overlaps(interval, { start, end }))).toBe(false);

    const [row] = (await buildReport(running.service.store.reports, running.config, {
      since: Date.now() - 3_600_000,
      until: Date.now() + 3_600_000,
      campaign: 'webinar-q3@meet.acme.com',
      by: 'campaign',
    })).rows;
    expect(row).toMatchObject({ leads: 1, booked: 1, bookingRate: 1 });
    expect(row!.medianFirstReplyMs).toBeGreaterThanOrEqual(0);
    expect(row!.medianFirstReplyMs).toBeLessThan(10_000);
    prospect.close();
  });
});
