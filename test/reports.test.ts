import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildReport, type ReportRow } from '../src/report/campaign-report.js';
import { buildDashboard } from '../src/report/dashboard.js';
import { NO_COUNTS } from '../src/core/report.js';
import { EVENTS, NOW, PRICING, seedReports, WEBINAR, WINDOW, type ReportFixture } from './support/seed-reports.js';

const S = 1000;
const H = 3_600_000;

let fixture: ReportFixture;
beforeAll(async () => {
  fixture = await seedReports();
});
afterAll(() => fixture.store.close());

const report = (by: 'campaign' | 'rep' | 'week' | 'mode', campaign?: string) =>
  buildReport(fixture.store.reports, fixture.config, { ...WINDOW, by, ...(campaign ? { campaign } : {}) });
const row = (rows: ReportRow[], key: string) => rows.find((candidate) => candidate.key === key);

describe('reports over the seeded database (hand-computed; see test/support/seed-reports.ts)', () => {
  it('per campaign: leads, meetings, rate, outcomes and medians', async () => {
    const { rows } = await report('campaign');
    expect(rows.map((candidate) => candidate.key)).toEqual([WEBINAR, PRICING, EVENTS]);
    // L1..L6: the colleague's message and the out-of-office create no lead; L0 and L9 are outside.
    expect(row(rows, WEBINAR)).toEqual({
      key: WEBINAR,
      name: 'Webinar <Q3> & "friends"',
      ...NO_COUNTS,
      leads: 6,
      offered: 5,
      replied: 5,
      booked: 2, // L1, and L2 once although rescheduled
      cancelled: 1, // L3
      held: 1,
      noShow: 1,
      handedOff: 1,
      declined: 1,
      stalled: 1,
      bookingRate: 2 / 6,
      medianFirstReplyMs: 30 * S, // 10 20 30 40 60 s
      medianToBookingMs: 2 * H, // 1 h, 3 h
      medianToMeetingMs: 65 * H, // 54 h, and 76 h to the rescheduled time
    });
    expect(row(rows, PRICING)).toEqual({
      key: PRICING,
      name: 'Pricing page',
      ...NO_COUNTS,
      leads: 2,
      offered: 2,
      replied: 2,
      booked: 1,
      disqualified: 1,
      unsubscribed: 1,
      bookingRate: 0.5,
      medianFirstReplyMs: 10 * S, // 5 s, 15 s
      medianToBookingMs: 1 * H,
      medianToMeetingMs: 21 * H,
    });
    expect(row(rows, EVENTS)).toMatchObject({ leads: 0, booked: 0, bookingRate: null, medianFirstReplyMs: null });
  });

  it('the whole window: totals, medians over every lead, funnel and reasons', async () => {
    const whole = await report('campaign');
    expect(whole.total).toEqual({
      ...NO_COUNTS,
      leads: 8,
      offered: 7,
      replied: 7,
      booked: 3,
      cancelled: 1,
      held: 1,
      noShow: 1,
      disqualified: 1,
      handedOff: 1,
      declined: 1,
      unsubscribed: 1,
      stalled: 1,
      bookingRate: 3 / 8,
      medianFirstReplyMs: 20 * S, // 5 10 15 20 30 40 60 s
      medianToBookingMs: 1 * H, // 1 1 3 h
      medianToMeetingMs: 54 * H, // 21 54 76 h
    });
    expect(whole.funnel).toEqual([
      { stage: 'leads', count: 8, share: 1 },
      { stage: 'offered', count: 7, share: 7 / 8 },
      { stage: 'booked', count: 3, share: 3 / 8 },
      { stage: 'held', count: 1, share: 1 / 8 },
    ]);
    expect(whole.disqualifiedReasons).toEqual([{ reason: 'no_budget', count: 1 }]);
  });

  it('by week (Monday, UTC), including a week without leads', async () => {
    const { rows } = await report('week');
    expect(rows.map((candidate) => [candidate.key, candidate.leads, candidate.booked, candidate.bookingRate])).toEqual([
      ['2026-03-02', 4, 3, 0.75], // L1 L2 L3 L7
      ['2026-03-09', 4, 0, 0], // L4 L5 L6 L8
      ['2026-03-16', 0, 0, null],
    ]);
    expect(rows[0]!.name).toBe('week of 2 Mar 2026');
  });

  it("by rep: the meeting's organiser, else the conversation's host, else nobody", async () => {
    const { rows } = await report('rep');
    expect(rows.map((candidate) => [candidate.key, candidate.name, candidate.leads, candidate.booked, candidate.cancelled, candidate.held])).toEqual([
      ['alice', 'Alice Moreau', 3, 1, 1, 1], // L1 L3 L4
      ['bob', 'Bob Okafor', 4, 2, 0, 0], // L2 L6 L7 L8
      ['-', 'not routed to a rep', 1, 0, 0, 0], // L5
    ]);
    expect((await report('rep', PRICING)).rows.map((candidate) => [candidate.key, candidate.leads])).toEqual([['bob', 2]]);
  });

  it("by routing mode, from the campaigns' configuration", async () => {
    expect((await report('mode')).rows.map((candidate) => [candidate.key, candidate.leads, candidate.booked])).toEqual([
      ['round_robin', 6, 2],
      ['priority', 2, 1],
    ]);
  });

  it('one campaign', async () => {
    const one = await report('campaign', PRICING);
    expect(one.rows.map((candidate) => candidate.key)).toEqual([PRICING]);
    expect(one.total).toMatchObject({ leads: 2, booked: 1, medianFirstReplyMs: 10 * S });
    expect(one.funnel.map((stage) => stage.count)).toEqual([2, 2, 1, 0]);
  });

  it('the dashboard: upcoming meetings per rep ignore the window; recent conversations newest first', async () => {
    const dashboard = await buildDashboard(fixture.store.reports, fixture.config, { ...WINDOW, bodies: false, now: NOW });
    // alice: L0's meeting moved to 03-26; bob: L9's on 03-25 (both leads outside the window).
    expect(dashboard.reps.map((rep) => [rep.key, rep.upcoming])).toEqual([['alice', 1], ['bob', 1], ['-', 0]]);
    const emails = dashboard.recent.map((conversation) => conversation.email);
    expect(emails).toEqual(['late@i.example', 'eve@f.example', 'tom@e.example', 'ana@d.example', 'zoe@k.example', 'li@c.example', 'raj@b.example', 'kim@j.example', 'jane@a.example', 'old@h.example']);
    expect(dashboard.recent.every((conversation) => conversation.lastInboundText === null)).toBe(true);
    const withBodies = await buildDashboard(fixture.store.reports, fixture.config, { ...WINDOW, campaign: WEBINAR, bodies: true, now: NOW });
    expect(withBodies.recent.map((conversation) => conversation.email)).toEqual(['late@i.example', 'eve@f.example', 'tom@e.example', 'ana@d.example', 'li@c.example', 'raj@b.example', 'jane@a.example', 'old@h.example']);
    // Jane's colleague wrote last in her thread.
    expect(withBodies.recent.find((conversation) => conversation.email === 'jane@a.example')!.lastInboundText).toBe('Adding myself, I run the team.');
  });
});
