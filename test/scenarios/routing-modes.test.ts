import { describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { DateTime } from 'luxon';
import { harnessesClosedAfterEach, local, pythonIcalendar, readInvite, type Harness, type OutboundMail } from '../support/pipeline-harness.js';
import { ALICE, BOB, CALENDARS, campaignYaml, CAROL, DAN, MONDAY } from '../support/e2e-team.js';
import type { HostSpec } from '../support/pipeline-harness.js';

const startHarness = harnessesClosedAfterEach();

/** The demo-requests campaign, its team the hosts given, routed as `routing` says. */
function start(hosts: HostSpec[], routing: string, extra = ''): Harness {
  const yaml = campaignYaml({ hosts, address: 'demo@meet.acme.com', name: 'Demo requests', extra: `    routing: ${routing}\n${extra}` });
  return startHarness({ yaml, files: CALENDARS, now: MONDAY });
}

/** First contact from `from`; returns the offer mail and the offered rows. */
async function firstContact(h: Harness, from: string) {
  await h.receive({ from, subject: 'Demo please', text: 'Hello, could we find a time for a demo?' });
  const mails = await h.fresh();
  const offer = mails.find((mail) => mail.kind === 'reply' && mail.envelopeTo.some((to) => from.includes(to)))!;
  expect(offer, `an offer to ${from}`).toBeDefined();
  return { offer, mails, slots: h.currentOffer(offer.conversationId!) };
}

async function pick(h: Harness, offer: OutboundMail, from: string, text = '2'): Promise<OutboundMail[]> {
  h.advanceHours(0.5);
  await h.receive(h.inThread(offer, { from, text }));
  return h.fresh();
}

function hostsOfBooking(h: Harness, bookingId: number): string[] {
  return h.rows<{ host_id: string }>(`SELECT host_id FROM booking_hosts WHERE booking_id = ? ORDER BY host_id`, bookingId).map((row) => row.host_id);
}

/** Minutes after midnight UTC. */
const utcMinute = (iso: string) => new Date(iso).getUTCHours() * 60 + new Date(iso).getUTCMinutes();

describe('routing modes through the pipeline, configured in YAML', () => {
  it.skipIf(!pythonIcalendar)('collective: offers only times both reps are free, and invites both', async () => {
    const h = start([ALICE, BOB], 'collective');
    const { offer, slots } = await firstContact(h, 'Jane Doe <jane@acme-customer.com>');
    expect(slots).toHaveLength(3);
    const aliceBusy = [['2026-11-16T13:00:00Z', '2026-11-16T15:00:00Z'], ['2026-11-17T09:00:00Z', '2026-11-17T12:00:00Z']];
    const bobBusy = [['2026-11-17T15:00:00Z', '2026-11-17T17:00:00Z']];
    for (const slot of slots) {
      // London 09:00–17:00 and New York 09:00–17:00 overlap 14:00–17:00 UTC in November.
      expect(utcMinute(slot.start_at)).toBeGreaterThanOrEqual(14 * 60);
      expect(utcMinute(slot.end_at)).toBeLessThanOrEqual(17 * 60);
      for (const [start, end] of [...aliceBusy, ...bobBusy]) {
        expect(Date.parse(slot.start_at) < Date.parse(end!) && Date.parse(slot.end_at) > Date.parse(start!), `${slot.start_at} clashes with ${start}`).toBe(false);
      }
    }
    expect(offer.text).toContain('Alice Moreau & Bob Okafor');

    const booked = await pick(h, offer, 'Jane Doe <jane@acme-customer.com>', '2');
    expect(booked.map((mail) => [mail.kind, mail.envelopeTo])).toEqual([
      ['confirmation', ['jane@acme-customer.com']],
      ['host_brief', ['alice@acme.com']],
      ['host_brief', ['bob@acme.com']],
    ]);
    const invite = readInvite(booked[0]!.ics!);
    expect(invite.organizer).toBe('mailto:alice@acme.com');
    expect(invite.attendees).toEqual(['mailto:alice@acme.com', 'mailto:bob@acme.com', 'mailto:jane@acme-customer.com']);
    const [booking] = h.bookings();
    expect(hostsOfBooking(h, booking!.id)).toEqual(['alice', 'bob']);
    expect(booking!.start_at).toBe(slots[1]!.start_at);
  });

  it('fixed_rotating: the fixed rep is in every meeting, the others take turns', async () => {
    const h = start([DAN, ALICE, BOB], '{ mode: fixed_rotating, fixed: dan }');
    const first = await firstContact(h, 'Ann <ann@alpha.example>');
    const booked1 = await pick(h, first.offer, 'Ann <ann@alpha.example>');
    const second = await firstContact(h, 'Ben <ben@beta.example>');
    const booked2 = await pick(h, second.offer, 'Ben <ben@beta.example>');
    const [b1, b2] = h.bookings();
    expect(hostsOfBooking(h, b1!.id)).toContain('dan');
    expect(hostsOfBooking(h, b2!.id)).toContain('dan');
    const rotating = [...hostsOfBooking(h, b1!.id), ...hostsOfBooking(h, b2!.id)].filter((id) => id !== 'dan').sort();
    expect(rotating).toEqual(['alice', 'bob']);
    // Both hosts get the brief for each meeting.
    expect(booked1.filter((mail) => mail.kind === 'host_brief').flatMap((mail) => mail.envelopeTo)).toContain('dan@acme.com');
    expect(booked2.filter((mail) => mail.kind === 'host_brief').flatMap((mail) => mail.envelopeTo)).toContain('dan@acme.com');
  });

  it('owner_first: the account owner gets their domain, a free-mail address goes to the fallback mode', async () => {
    const h = start([ALICE, BOB], '\n      mode: owner_first\n      owners: { acme-customer.com: bob }\n      fallback: round_robin');
    const owned = await firstContact(h, 'Jane Doe <jane@acme-customer.com>');
    expect(new Set(owned.slots.map((slot) => slot.host_id))).toEqual(new Set(['bob']));
    expect(owned.offer.text).toContain('Bob Okafor');
    const free = await firstContact(h, 'Joe Public <joe.public@gmail.com>');
    expect(new Set(free.slots.map((slot) => slot.host_id))).toEqual(new Set(['alice']));
    const routing = h.rows<{ summary: string; detail: string }>(`SELECT summary, detail FROM decisions WHERE kind = 'routing' ORDER BY id`);
    expect(JSON.parse(routing[0]!.detail).verdict.owner).toMatchObject({ ownerId: 'bob', outcome: 'owner_free' });
    expect(JSON.parse(routing[1]!.detail).verdict.owner).toMatchObject({ outcome: 'free_mail' });
  });

  it('priority + caps: the first tier while it has room; a rep at their daily cap is skipped for the next tier', async () => {
    const carol = { ...CAROL, extra: '    caps: { per_day: 1 }\n' };
    const h = start([carol, ALICE, BOB], '\n      mode: priority\n      tiers: [[carol], [alice, bob]]', '    meeting:\n      horizon_days: 1\n');
    const first = await firstContact(h, 'Ann <ann@alpha.example>');
    expect(new Set(first.slots.map((slot) => slot.host_id))).toEqual(new Set(['carol']));
    await pick(h, first.offer, 'Ann <ann@alpha.example>');
    expect(h.bookings()[0]).toMatchObject({ host_id: 'carol' });

    // Carol has her one meeting for Monday, the only day in the horizon: the second tier takes over.
    const second = await firstContact(h, 'Ben <ben@beta.example>');
    const hosts = new Set(second.slots.map((slot) => slot.host_id));
    expect(hosts.has('carol')).toBe(false);
    expect(hosts.size).toBe(1);
    const routing = h.rows<{ detail: string }>(`SELECT detail FROM decisions WHERE kind = 'routing' ORDER BY id`).at(-1)!;
    const considered = JSON.parse(routing.detail).verdict.considered as Array<{ hostId: string; status: string }>;
    expect(considered.find((host) => host.hostId === 'carol')).toMatchObject({ status: 'at_cap' });
  });

  it('days off: a first-tier rep on a day off is skipped', async () => {
    const carol = { ...CAROL, extra: '    days_off: ["2026-11-16"]\n' };
    const h = start([carol, ALICE], '\n      mode: priority\n      tiers: [[carol], [alice]]', '    meeting:\n      horizon_days: 1\n');
    const { slots } = await firstContact(h, 'Ann <ann@alpha.example>');
    expect(new Set(slots.map((slot) => slot.host_id))).toEqual(new Set(['alice']));
    for (const slot of slots) {
      // Monday afternoon London, around Alice's 13:00–15:00 meeting.
      const start = DateTime.fromISO(slot.start_at, { zone: 'Europe/London' });
      expect(start.toISODate()).toBe('2026-11-16');
      expect(start.hour < 13 || start.hour >= 15).toBe(true);
    }
  });

  it('an unreachable calendar: the rep is left out; nobody reachable: the owner gets the thread, the prospect hears a person will answer', async () => {
    const h = start([ALICE, BOB], 'round_robin', '    owner: alice\n');
    rmSync(join(h.dir, 'calendars/alice.ics'));
    const first = await firstContact(h, 'Ann <ann@alpha.example>');
    expect(new Set(first.slots.map((slot) => slot.host_id))).toEqual(new Set(['bob']));
    const routing = h.rows<{ detail: string }>(`SELECT detail FROM decisions WHERE kind = 'routing' ORDER BY id`).at(-1)!;
    const considered = JSON.parse(routing.detail).verdict.considered as Array<{ hostId: string; status: string }>;
    expect(considered.find((host) => host.hostId === 'alice')).toMatchObject({ status: 'unreachable' });

    rmSync(join(h.dir, 'calendars/bob.ics'));
    await h.receive({ from: 'Ben <ben@beta.example>', subject: 'Demo please', text: 'Hello, could we find a time for a demo?' });
    const mails = await h.fresh();
    expect(mails.map((mail) => [mail.kind, mail.envelopeTo])).toEqual([
      ['handoff', ['alice@acme.com']],
      ['reply', ['ben@beta.example']],
    ]);
    expect(mails[1]!.text).toContain('who will get back to you personally');
    expect(mails[1]!.text).not.toMatch(/\d{1,2}:\d{2}/);
    expect(mails[0]!.text).toContain('ben@beta.example');
    expect(h.offered(mails[1]!.conversationId!)).toEqual([]);
    expect(h.conversationStatus(mails[1]!.conversationId!)).toBe('handed_off');

    // The reports page shows whose calendar could not be read.
    const failures = await h.store.reports.calendarFailuresPerHost({ start: h.now - 86_400_000, end: h.now + 86_400_000 });
    expect(Object.fromEntries(failures)).toEqual({ alice: 2, bob: 1 });
  });

  it('round robin with both calendars readable shares meetings out (sanity check of the harness against the demo behaviour)', async () => {
    const h = start([ALICE, BOB], 'round_robin');
    const first = await firstContact(h, 'Ann <ann@alpha.example>');
    await pick(h, first.offer, 'Ann <ann@alpha.example>');
    const second = await firstContact(h, 'Ben <ben@beta.example>');
    const firstHost = h.bookings()[0]!.host_id;
    expect(new Set(second.slots.map((slot) => slot.host_id))).toEqual(new Set([firstHost === 'alice' ? 'bob' : 'alice']));
    // Offered times fall inside the rep's working hours in the rep's zone.
    for (const slot of second.slots) {
      const zone = slot.host_id === 'alice' ? 'Europe/London' : 'America/New_York';
      const start = DateTime.fromISO(slot.start_at, { zone });
      expect(start.hour).toBeGreaterThanOrEqual(9);
      expect(local(start.toISODate() + 'T17:00', zone)).toBeGreaterThanOrEqual(Date.parse(slot.end_at));
    }
  });
});
