import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { fakeGoogleWithGina, type FakeGoogleCalendar } from '../support/fake-google-calendar.js';
import { barrier, harnessesClosedAfterEach, type Harness } from '../support/pipeline-harness.js';
import { campaignYaml, GINA, ginaOnGoogle, MONDAY } from '../support/e2e-team.js';
import { googleEventId } from '../../src/calendar/google/event-body.js';
import { BY_HAND } from '../../src/store/spool.js';

const CAMPAIGN = 'enterprise@meet.acme.com';
const GINA_ON_GOOGLE = ginaOnGoogle();
const YAML = campaignYaml({ hosts: [GINA_ON_GOOGLE], address: CAMPAIGN, name: 'Enterprise demos' });
/** Offers not held: two leads can be offered the same time and race for it. */
const UNHELD = campaignYaml({ hosts: [GINA_ON_GOOGLE], address: CAMPAIGN, name: 'Enterprise demos', extra: '    offer_hold_minutes: 0\n' });

let fake: FakeGoogleCalendar;
let googleEnv: Record<string, string>;

beforeEach(async () => {
  ({ fake, env: googleEnv } = await fakeGoogleWithGina(() => Date.parse(MONDAY)));
  // Monday afternoon and Tuesday morning are busy on Gina's Google calendar.
  fake.setBusy(GINA, [
    { start: '2026-11-16T12:00:00Z', end: '2026-11-16T17:00:00Z' },
    { start: '2026-11-17T09:00:00Z', end: '2026-11-17T12:00:00Z' },
  ]);
});
afterEach(async () => {
  await fake.close();
});
// After the fake's hook: after-hooks run in reverse, so the harness still closes before the fake.
const startHarness = harnessesClosedAfterEach();

function start(databasePath?: string, yaml = YAML): Harness {
  return startHarness({
    yaml,
    now: MONDAY,
    env: googleEnv,
    ...(databasePath ? { databasePath } : {}),
  });
}

describe('a rep on Google Calendar, through the whole pipeline', () => {
  it('reads free/busy, inserts the event with sendUpdates=all and the derived id, and sends no .ics of its own', async () => {
    const h = start();
    await h.receive({ from: 'Jane Doe <jane@acme-customer.com>', subject: 'Enterprise demo', text: 'Hi, can we set up a demo?' });
    const [offer] = await h.fresh();
    const freebusy = fake.apiRequests({ method: 'POST', path: '/calendar/v3/freeBusy' });
    expect(freebusy.length).toBeGreaterThanOrEqual(1);
    expect(freebusy[0]!.body).toMatchObject({ items: [{ id: GINA }] });
    expect(Date.parse((freebusy[0]!.body as { timeMin: string }).timeMin)).toBe(Date.parse(MONDAY));
    const slots = h.currentOffer(offer!.conversationId!);
    for (const slot of slots) {
      const [start, end] = [Date.parse(slot.start_at), Date.parse(slot.end_at)];
      expect(start < Date.parse('2026-11-16T17:00:00Z') && end > Date.parse('2026-11-16T12:00:00Z')).toBe(false);
      expect(start < Date.parse('2026-11-17T12:00:00Z') && end > Date.parse('2026-11-17T09:00:00Z')).toBe(false);
    }

    h.advanceHours(1);
    await h.receive(h.inThread(offer!, { from: 'Jane Doe <jane@acme-customer.com>', text: 'Number 2 please.' }));
    const mails = await h.fresh();
    expect(mails.map((mail) => [mail.kind, mail.envelopeTo])).toEqual([
      ['confirmation', ['jane@acme-customer.com']],
      ['host_brief', [GINA]],
    ]);
    const [booking] = h.bookings();
    expect(booking!.start_at).toBe(slots[1]!.start_at);

    const inserts = fake.apiRequests({ method: 'POST', path: /\/calendar\/v3\/calendars\/[^/]+\/events$/ });
    expect(inserts).toHaveLength(1);
    expect(inserts[0]!.path).toBe(`/calendar/v3/calendars/${GINA}/events`);
    expect(inserts[0]!.query).toMatchObject({ sendUpdates: 'all' });
    const body = inserts[0]!.body as { id: string; attendees: Array<{ email: string }>; start: { dateTime: string } };
    expect(body.id).toBe(googleEventId(booking!.uid));
    expect(body.attendees.map((attendee) => attendee.email).sort()).toEqual([GINA, 'jane@acme-customer.com']);
    expect(fake.events(GINA)).toHaveLength(1);

    // One invite channel: Google sends it; the mails carry no iCalendar part.
    for (const mail of mails) {
      expect(mail.ics).toBeNull();
      expect(mail.raw.toString('utf8')).not.toMatch(/text\/calendar/i);
    }
    expect(mails[1]!.text).toContain('The calendar invitation comes from your calendar.');
  });

  // BUG (agent/templates/*.ts + pipeline/mails.ts): the confirmation, rescheduled and cancelled
  // templates always say the invitation "is attached", but for Google-held events no .ics is
  // attached (Google sends it). The prospect is told about an attachment that is not there.
  it('the prospect’s confirmation does not claim an attachment that is not there', async () => {
    const h = start();
    await h.receive({ from: 'Jane Doe <jane@acme-customer.com>', subject: 'Enterprise demo', text: 'Hi, can we set up a demo?' });
    const [offer] = await h.fresh();
    h.advanceHours(1);
    await h.receive(h.inThread(offer!, { from: 'Jane Doe <jane@acme-customer.com>', text: 'Number 2 please.' }));
    const [confirmation] = await h.fresh();
    expect(confirmation!.ics).toBeNull();
    expect(confirmation!.text).not.toMatch(/attached/i);
  });

  it('a reschedule patches the same event, a cancellation deletes it, both with sendUpdates=all', async () => {
    const h = start();
    await h.receive({ from: 'Jane Doe <jane@acme-customer.com>', subject: 'Enterprise demo', text: 'Hi, can we set up a demo?' });
    const [offer] = await h.fresh();
    h.advanceHours(1);
    await h.receive(h.inThread(offer!, { from: 'Jane Doe <jane@acme-customer.com>', text: 'Number 3 please.' }));
    const [confirmation] = await h.fresh();
    const eventId = googleEventId(h.bookings()[0]!.uid);

    h.advanceHours(1);
    await h.receive(h.inThread(confirmation!, { from: 'Jane Doe <jane@acme-customer.com>', text: 'Could we move it to Thursday at 3pm instead?' }));
    const moved = await h.fresh();
    expect(moved.map((mail) => mail.kind)).toEqual(['confirmation', 'host_brief']);
    const patches = fake.apiRequests({ method: 'PATCH' });
    expect(patches).toHaveLength(1);
    expect(patches[0]!.path).toBe(`/calendar/v3/calendars/${GINA}/events/${eventId}`);
    expect(patches[0]!.query).toMatchObject({ sendUpdates: 'all' });
    expect((patches[0]!.body as { start: { dateTime: string } }).start.dateTime).toMatch(/^2026-11-19T15:00:00/);

    h.advanceHours(1);
    await h.receive(h.inThread(moved[0]!, { from: 'Jane Doe <jane@acme-customer.com>', text: 'Sorry, I have to cancel the meeting.' }));
    const cancelled = await h.fresh();
    expect(cancelled.map((mail) => mail.kind)).toEqual(['confirmation', 'host_brief']);
    const deletes = fake.apiRequests({ method: 'DELETE' });
    expect(deletes).toHaveLength(1);
    expect(deletes[0]!.path).toBe(`/calendar/v3/calendars/${GINA}/events/${eventId}`);
    expect(deletes[0]!.query).toMatchObject({ sendUpdates: 'all' });
    expect(h.bookings()[0]).toMatchObject({ status: 'cancelled' });
  });

  // BUG (pipeline/calendar-effects.ts, book): the Google event is inserted (sendUpdates=all, so
  // Google mails the invitation) BEFORE the booking row is checked for a clash; the loser of a
  // race gets Google's invitation and then Google's cancellation, besides "that time has just
  // been taken". Reserve the row first (insertIfFree), then create the event, and release the
  // row if the calendar write fails.
  it('the loser of a race for one slot never gets a Google invitation', async () => {
    const a = start(undefined, UNHELD);
    const b = start(join(a.dir, 'test.db'), UNHELD);
    await a.receive({ from: 'Ann <ann@alpha.example>', subject: 'Demo', text: 'Hi, can we set up a demo?' });
    await b.receive({ from: 'Ben <ben@beta.example>', subject: 'Demo', text: 'Hi, can we set up a demo?' });
    const all = await a.fresh();
    const offerA = all.find((mail) => mail.envelopeTo.includes('ann@alpha.example'))!;
    const offerB = all.find((mail) => mail.envelopeTo.includes('ben@beta.example'))!;
    a.advanceHours(1);
    b.advanceHours(1);
    const gate = barrier(2);
    a.pipeline.deps.calendars = gate.wrap(a.pipeline.deps.calendars);
    b.pipeline.deps.calendars = gate.wrap(b.pipeline.deps.calendars);
    gate.arm();
    const pickA = await a.accept(a.inThread(offerA, { from: 'Ann <ann@alpha.example>', text: '2' }));
    const pickB = await b.accept(b.inThread(offerB, { from: 'Ben <ben@beta.example>', text: '2' }));
    await Promise.all([a.pipeline.process((await a.store.spool.claimById(pickA.id, Date.now(), BY_HAND))!), b.pipeline.process((await b.store.spool.claimById(pickB.id, Date.now(), BY_HAND))!)]);
    expect(a.bookings().filter((booking) => booking.status === 'confirmed')).toHaveLength(1);
    const inserts = fake.apiRequests({ method: 'POST', path: /\/events$/ });
    expect(inserts).toHaveLength(1);
    expect(fake.apiRequests({ method: 'DELETE' })).toHaveLength(0);
  });

  it('with offers held, two leads answering at once are offered different times and both book their first pick', async () => {
    const a = start();
    const b = start(join(a.dir, 'test.db'));
    await a.receive({ from: 'Ann <ann@alpha.example>', subject: 'Demo', text: 'Hi, can we set up a demo?' });
    await b.receive({ from: 'Ben <ben@beta.example>', subject: 'Demo', text: 'Hi, can we set up a demo?' });
    const all = await a.fresh();
    const offerA = all.find((mail) => mail.envelopeTo.includes('ann@alpha.example'))!;
    const offerB = all.find((mail) => mail.envelopeTo.includes('ben@beta.example'))!;
    a.advanceHours(1);
    b.advanceHours(1);
    const gate = barrier(2);
    a.pipeline.deps.calendars = gate.wrap(a.pipeline.deps.calendars);
    b.pipeline.deps.calendars = gate.wrap(b.pipeline.deps.calendars);
    gate.arm();
    const pickA = await a.accept(a.inThread(offerA, { from: 'Ann <ann@alpha.example>', text: '2' }));
    const pickB = await b.accept(b.inThread(offerB, { from: 'Ben <ben@beta.example>', text: '2' }));
    await Promise.all([a.pipeline.process((await a.store.spool.claimById(pickA.id, Date.now(), BY_HAND))!), b.pipeline.process((await b.store.spool.claimById(pickB.id, Date.now(), BY_HAND))!)]);
    expect(a.currentOffer(offerA.conversationId!).map((slot) => slot.start_at)).not.toEqual(
      expect.arrayContaining([b.currentOffer(offerB.conversationId!)[1]!.start_at]),
    );
    expect(a.bookings().filter((booking) => booking.status === 'confirmed')).toHaveLength(2);
    expect(fake.apiRequests({ method: 'POST', path: /\/events$/ })).toHaveLength(2);
  });
});
