import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeGoogleWithGina, type FakeGoogleCalendar } from '../support/fake-google-calendar.js';
import { harnessesClosedAfterEach, type HostSpec } from '../support/pipeline-harness.js';
import { ALICE, CALENDARS, campaignYaml, GINA, ginaOnGoogle, MONDAY } from '../support/e2e-team.js';
import { parseIcs, busyFromParsed } from '../../src/calendar/local/ics-busy.js';

const startHarness = harnessesClosedAfterEach();
const JANE = 'Jane Doe <jane@acme-customer.com>';
const SAM = 'Sam Wu <sam@other-customer.com>';
const HOLD_MINUTES = 120;

/** The VEVENTs of an .ics text: each one's properties by name. */
function veventsOf(ics: string): Array<Record<string, string>> {
  const unfolded = ics.replace(/\r\n /g, '');
  return [...unfolded.matchAll(/BEGIN:VEVENT\r\n([\s\S]*?)END:VEVENT/g)].map(([, body]) =>
    Object.fromEntries(body!.split('\r\n').filter(Boolean).map((line) => {
      const colon = line.indexOf(':');
      return [line.slice(0, colon).replace(/;.*/, ''), line.slice(colon + 1)];
    })),
  );
}

const utc = (iso: string) => new Date(iso).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');

describe('held times on a local calendar (write_holds, holds_file)', () => {
  const aliceWithHolds: HostSpec = {
    ...ALICE,
    // Continues Alice's calendar: lines (hostYaml writes them last).
    extra: '      write_holds: true\n      holds_file: holds/alice.ics\n',
  };
  const yaml = campaignYaml({ hosts: [aliceWithHolds], extra: `    offer_hold_minutes: ${HOLD_MINUTES}\n` });

  it('shows each lead\'s offered times as tentative free events, and takes them away on a pick and on expiry', async () => {
    const h = startHarness({ yaml, files: CALENDARS, now: MONDAY });
    const holdsFile = join(h.dir, 'holds/alice.ics');
    await h.receive({ from: JANE, subject: 'Demo', text: 'Hi, can we set up a demo?' });
    await h.receive({ from: SAM, subject: 'Demo', text: 'Hello, I would like a demo call.' });
    const [janeOffer, samOffer] = await h.fresh();
    await h.pipeline.followUps();

    const offered = [...h.currentOffer(janeOffer!.conversationId!), ...h.currentOffer(samOffer!.conversationId!)];
    const events = veventsOf(readFileSync(holdsFile, 'utf8'));
    expect(events.map((event) => event.DTSTART).sort()).toEqual(offered.map((slot) => utc(slot.start_at)).sort());
    for (const event of events) {
      expect(event).toMatchObject({ STATUS: 'TENTATIVE', TRANSP: 'TRANSPARENT', SUMMARY: expect.stringMatching(/^Held: /) });
      // A calendar is seen by more people than the rep: no prospect's name or address on it.
      expect(JSON.stringify(event)).not.toMatch(/jane|sam|customer/i);
      expect(event.ATTENDEE).toBeUndefined();
    }
    // Free, not busy: the service's own reader (and any calendar's free/busy) skips them.
    const parsed = parseIcs(readFileSync(holdsFile, 'utf8'));
    expect(busyFromParsed(parsed, { start: Date.parse(MONDAY), end: Date.parse(MONDAY) + 14 * 86_400_000 }, { defaultTimeZone: 'Europe/London' })).toEqual([]);

    h.advanceHours(0.5);
    await h.receive(h.inThread(janeOffer!, { from: JANE, text: 'Number 2 please.' }));
    expect(h.bookings()).toHaveLength(1);
    await h.pipeline.followUps();
    const samTimes = h.currentOffer(samOffer!.conversationId!).map((slot) => utc(slot.start_at)).sort();
    expect(veventsOf(readFileSync(holdsFile, 'utf8')).map((event) => event.DTSTART).sort()).toEqual(samTimes);

    h.advanceHours(HOLD_MINUTES / 60);
    await h.pipeline.followUps();
    expect(veventsOf(readFileSync(holdsFile, 'utf8'))).toEqual([]);
  });

  it('a holds file that cannot be written loses nothing: the held times land on a later sync', async () => {
    const h = startHarness({ yaml, files: { ...CALENDARS, 'holds/alice.ics': '' }, now: MONDAY });
    const holdsFile = join(h.dir, 'holds/alice.ics');
    // A folder where the file should be: every write fails until it is gone.
    rmSync(holdsFile);
    mkdirSync(holdsFile);
    await h.receive({ from: JANE, subject: 'Demo', text: 'Hi, can we set up a demo?' });
    const [offer] = await h.fresh();
    expect(offer!.kind).toBe('reply');
    await h.pipeline.followUps();
    rmSync(holdsFile, { recursive: true });
    await h.pipeline.followUps();
    expect(veventsOf(readFileSync(holdsFile, 'utf8'))).toHaveLength(3);
  });
});

describe('held times on a Google calendar (write_holds)', () => {
  const gina = ginaOnGoogle('      write_holds: true\n');
  let fake: FakeGoogleCalendar;
  let env: Record<string, string>;
  beforeEach(async () => {
    ({ fake, env } = await fakeGoogleWithGina(() => Date.parse(MONDAY)));
  });
  afterEach(async () => {
    await fake.close();
  });
  const googleHarness = harnessesClosedAfterEach();
  const start = () =>
    googleHarness({
      yaml: campaignYaml({ hosts: [gina], extra: `    offer_hold_minutes: ${HOLD_MINUTES}\n` }),
      now: MONDAY,
      env,
    });
  const live = () => fake.events(GINA).filter((event) => event.status !== 'cancelled');

  it('inserts tentative, transparent events nobody is invited to, deletes them silently when the lead books', async () => {
    const h = start();
    await h.receive({ from: JANE, subject: 'Demo', text: 'Hi, can we set up a demo?' });
    const [offer] = await h.fresh();
    await h.pipeline.followUps();

    const slots = h.currentOffer(offer!.conversationId!);
    expect(live().map((event) => Date.parse((event.start as { dateTime: string }).dateTime)).sort())
      .toEqual(slots.map((slot) => Date.parse(slot.start_at)).sort());
    for (const event of live()) {
      expect(event).toMatchObject({ status: 'tentative', transparency: 'transparent', summary: expect.stringMatching(/^Held: /) });
      expect(event.attendees ?? []).toEqual([]);
      expect(event.conferenceData).toBeUndefined();
    }
    const inserts = fake.apiRequests({ method: 'POST', path: /\/events$/ });
    expect(inserts.map((request) => request.query.sendUpdates)).toEqual(['none', 'none', 'none']);

    // Held events are free: a second lead is still offered times (other ones, the holds steer that).
    await h.receive({ from: SAM, subject: 'Demo', text: 'Hello, I would like a demo call.' });
    const [samOffer] = await h.fresh();
    expect(samOffer!.kind).toBe('reply');
    expect(h.currentOffer(samOffer!.conversationId!).map((slot) => slot.start_at))
      .not.toContain(slots[0]!.start_at);

    h.advanceHours(0.5);
    await h.receive(h.inThread(offer!, { from: JANE, text: 'Number 2 please.' }));
    await h.pipeline.followUps();
    const meeting = live().filter((event) => event.status === 'confirmed');
    expect(meeting).toHaveLength(1);
    expect(Date.parse((meeting[0]!.start as { dateTime: string }).dateTime)).toBe(Date.parse(slots[1]!.start_at));
    // Jane's three holds are gone; Sam's three stay.
    expect(live().filter((event) => event.status === 'tentative')).toHaveLength(3);
    const deletes = fake.apiRequests({ method: 'DELETE' });
    expect(deletes).toHaveLength(3);
    expect(deletes.every((request) => request.query.sendUpdates === 'none')).toBe(true);
  });

  it('a calendar that refuses a write is tried again on the next sync, and no hold event is written twice', async () => {
    const h = start();
    fake.failNext({ method: 'POST', path: /\/events$/ }, { status: 403, reason: 'forbidden', message: 'Forbidden' });
    await h.receive({ from: JANE, subject: 'Demo', text: 'Hi, can we set up a demo?' });
    await h.fresh();
    await h.pipeline.followUps();
    expect(live()).toHaveLength(0);
    await h.pipeline.followUps();
    await h.pipeline.followUps();
    expect(live()).toHaveLength(3);
    expect(fake.apiRequests({ method: 'POST', path: /\/events$/ })).toHaveLength(4);
  });
});
