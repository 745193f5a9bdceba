import { describe, expect, it } from 'vitest';
import {
  at,
  runScenario,
  span,
  testBooking,
  testCampaign,
  testHost,
  type Scenario,
} from '../../../test/support/scenario.js';
import type { RoutingConfig } from '../../config/types.js';

/** Monday 2 March 2026, 06:00 UTC; London is on GMT, New York on EST. Horizon: 3 days. */
const NOW = '2026-03-02T06:00';
const alice = testHost({ id: 'alice', timeZone: 'Europe/London' });
const bob = testHost({ id: 'bob', timeZone: 'America/New_York' });
const carol = testHost({ id: 'carol', timeZone: 'Asia/Kolkata' });
const OTHER = 'other@meet.acme.example';

function campaign(routing: Partial<RoutingConfig> = {}, hostIds = ['alice', 'bob']) {
  const base = testCampaign({ hostIds, timeZone: 'America/New_York' });
  return { ...base, routing: { ...base.routing, ...routing }, meeting: { ...base.meeting, overrides: { horizonDays: 3 } } };
}

const scenario = (partial: Partial<Scenario>): Scenario => ({ now: NOW, hosts: [alice, bob, carol], campaign: campaign(), ...partial });
const utc = (slots: ReadonlyArray<{ start: number }>): string[] => slots.map((s) => new Date(s.start).toISOString().slice(5, 16));

describe('scenarios: team, calendars, bookings, campaign → routing and offer', () => {
  it('round robin: the rep owed a meeting wins and the offer avoids busy time', () => {
    const { verdict, offer } = runScenario(
      scenario({
        hosts: [{ ...alice, daysOff: ['2026-03-03'] }, bob],
        busy: { bob: [span('2026-03-02T00:00', '2026-03-03T00:00')] },
        bookings: [testBooking({ hostId: 'alice', start: at('2026-02-20T10:00') }), testBooking({ hostId: 'alice', start: at('2026-02-23T10:00') })],
      }),
    );
    expect(verdict).toMatchObject({ ok: true, servedBy: 'team', verdict: { hostIds: ['bob'], why: 'largest_shortfall' } });
    // In New York time: Tue 09:00, Tue 12:00, Wed 12:00 — two days, mornings and afternoons.
    expect(utc(offer)).toEqual(['03-03T14:00', '03-03T17:00', '03-04T17:00']);
  });

  it('the service’s own meetings are busy time; cancelled ones free the slot again', () => {
    const { candidates } = runScenario(
      scenario({
        bookings: [
          testBooking({ hostId: 'alice', start: at('2026-03-02T10:00') }),
          testBooking({ hostId: 'alice', start: at('2026-03-02T11:00'), status: 'cancelled' }),
        ],
      }),
    );
    const aliceFree = utc(candidates[0]!.free);
    expect(aliceFree).not.toContain('03-02T10:00');
    expect(aliceFree).toContain('03-02T11:00');
  });

  it('a rep at a per-campaign cap is skipped, and the explanation says so', () => {
    const capped = { ...campaign(), meeting: { ...campaign().meeting, overrides: { horizonDays: 1 }, capsPerHost: { perDay: 1, perWeek: null } } };
    const { verdict } = runScenario(
      scenario({
        campaign: capped,
        bookings: [
          testBooking({ hostId: 'bob', start: at('2026-03-02T21:00') }),
          testBooking({ hostId: 'alice', start: at('2026-03-02T09:00'), campaign: OTHER }),
          testBooking({ hostId: 'alice', start: at('2026-03-02T09:30'), campaign: OTHER }),
        ],
      }),
    );
    expect(verdict).toMatchObject({ ok: true, verdict: { hostIds: ['alice'], why: 'only_one_free' } });
    expect(verdict.attempts[0]!.verdict.considered.map((c) => [c.hostId, c.status])).toEqual([
      ['alice', 'free'],
      ['bob', 'at_cap'],
    ]);
  });

  it('an unreachable calendar is never guessed free; nobody reachable goes to the owner', () => {
    expect(runScenario(scenario({ unreachable: ['alice'] })).verdict).toMatchObject({ ok: true, verdict: { hostIds: ['bob'] } });
    const nobody = runScenario(scenario({ unreachable: ['alice', 'bob'] }));
    expect(nobody.verdict).toMatchObject({ ok: false, reason: 'nobody_free' });
    expect(nobody.offer).toEqual([]);
  });

  it('collective across zones: only the hours both are free, minus a day off', () => {
    const { verdict } = runScenario(scenario({ hosts: [alice, { ...bob, daysOff: ['2026-03-03'] }], campaign: campaign({ mode: 'collective' }) }));
    if (!verdict.ok) throw new Error('expected a meeting');
    expect(verdict.verdict.hostIds).toEqual(['alice', 'bob']);
    expect(utc(verdict.verdict.slots)).toEqual(['03-02T14:00', '03-02T14:30', '03-02T15:00', '03-02T15:30', '03-02T16:00', '03-02T16:30', '03-04T14:00', '03-04T14:30', '03-04T15:00', '03-04T15:30', '03-04T16:00', '03-04T16:30']);
  });

  it('fixed + rotating: the fixed rep with the rotating rep free at the same time', () => {
    const { verdict } = runScenario(
      scenario({
        campaign: campaign({ mode: 'fixed_rotating', fixedHostId: 'carol' }, ['carol', 'alice', 'bob']),
        bookings: [testBooking({ hostId: 'alice', start: at('2026-02-26T10:00') })],
      }),
    );
    // Kolkata 09:00–17:00 is 03:30–11:30 UTC: it meets London's morning, never New York's day.
    expect(verdict).toMatchObject({ ok: true, verdict: { hostIds: ['carol', 'alice'], why: 'only_one_free' } });
    expect(verdict.attempts[0]!.verdict.considered.find((c) => c.hostId === 'bob')!.status).toBe('no_common_time');
  });

  it('collective: a rep’s longer notice keeps the meeting out of an early slot; a campaign’s notice overrides it', () => {
    const slow = { ...bob, scheduling: { minNoticeMinutes: 30 * 60 } };
    const own = runScenario(scenario({ hosts: [alice, slow], campaign: campaign({ mode: 'collective' }) }));
    if (!own.verdict.ok) throw new Error('expected a meeting');
    // Bob can meet from Tuesday 12:00 UTC; the hours both work (14:00–17:00 UTC) start on Tuesday.
    expect(utc(own.verdict.verdict.slots).slice(0, 2)).toEqual(['03-03T14:00', '03-03T14:30']);
    const base = campaign({ mode: 'collective' });
    const sameDay = { ...base, meeting: { ...base.meeting, overrides: { ...base.meeting.overrides, minNoticeMinutes: 240 } } };
    const overridden = runScenario(scenario({ hosts: [alice, slow], campaign: sameDay }));
    if (!overridden.verdict.ok) throw new Error('expected a meeting');
    expect(utc(overridden.verdict.verdict.slots)[0]).toBe('03-02T14:00');
  });

  it('round robin: a rep whose notice reaches past the horizon is not free; the other rep takes it', () => {
    const { verdict } = runScenario(scenario({ hosts: [{ ...alice, scheduling: { minNoticeMinutes: 4 * 24 * 60 } }, bob] }));
    expect(verdict).toMatchObject({ ok: true, verdict: { hostIds: ['bob'], why: 'only_one_free' } });
  });

  it('a meeting the service booked keeps the rep’s after-buffer, and a new slot keeps its own', () => {
    const notes = { ...alice, scheduling: { bufferAfterMinutes: 30 } };
    const { candidates } = runScenario(scenario({ hosts: [notes, bob], bookings: [testBooking({ hostId: 'alice', start: at('2026-03-02T12:00') })] }));
    const monday = utc(candidates[0]!.free).filter((slot) => slot.startsWith('03-02'));
    // 11:30 would run into the meeting's start with its own buffer; 12:30 into the meeting's buffer.
    expect(monday.slice(0, 3)).toEqual(['03-02T10:00', '03-02T10:30', '03-02T11:00']);
    expect(monday).not.toContain('03-02T11:30');
    expect(monday).not.toContain('03-02T12:30');
    expect(monday).toContain('03-02T13:00');
  });

  it('owner_first: the account owner when free, else the fallback mode; free mail never matches', () => {
    const routing = { mode: 'owner_first' as const, accountOwners: { 'globex.com': 'bob' } };
    const owner = runScenario(scenario({ campaign: campaign(routing), prospect: 'jane@eu.globex.com', bookings: [testBooking({ hostId: 'bob', start: at('2026-02-26T15:00') })] }));
    expect(owner.verdict).toMatchObject({ ok: true, verdict: { hostIds: ['bob'], decidedBy: 'owner_first', owner: { domain: 'globex.com' } } });
    const busy = runScenario(scenario({ campaign: campaign(routing), prospect: 'jane@globex.com', busy: { bob: [span('2026-03-01T00:00', '2026-03-10T00:00')] } }));
    expect(busy.verdict).toMatchObject({ ok: true, verdict: { hostIds: ['alice'], decidedBy: 'round_robin', owner: { outcome: 'owner_not_free' } } });
    const gmail = runScenario(scenario({ campaign: campaign(routing), prospect: 'jane@gmail.com' }));
    expect(gmail.verdict).toMatchObject({ ok: true, verdict: { decidedBy: 'round_robin', owner: { outcome: 'free_mail' } } });
  });

  it('a rep back from leave is calibrated: their share counts from their return', () => {
    const { verdict } = runScenario(
      scenario({
        hosts: [alice, bob, { ...carol, timeOff: [span('2026-02-10T00:00', '2026-03-01T00:00')] }],
        campaign: campaign({}, ['alice', 'bob', 'carol']),
        bookings: ['alice', 'bob'].flatMap((hostId) => [2, 9, 16, 23].map((day) => testBooking({ hostId, start: at(`2026-02-${String(day).padStart(2, '0')}T15:00`) }))),
      }),
    );
    const considered = verdict.attempts[0]!.verdict.considered;
    expect(considered.map((c) => [c.hostId, c.bookings, c.expected])).toEqual([
      ['alice', 4, 4],
      ['bob', 4, 4],
      ['carol', 0, 0],
    ]);
    expect(verdict).toMatchObject({ ok: true, verdict: { hostIds: ['carol'], why: 'least_recently_booked' } });
  });

  it('fallback pools: when the team is busy a wider pool serves', () => {
    const { verdict } = runScenario(
      scenario({
        campaign: campaign({ fallbackPools: [['carol']] }),
        busy: { alice: [span('2026-03-01T00:00', '2026-03-10T00:00')] },
        unreachable: ['bob'],
      }),
    );
    expect(verdict).toMatchObject({ ok: true, servedBy: 0, verdict: { hostIds: ['carol'] } });
  });
});
