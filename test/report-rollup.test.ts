import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { GroupAggregate, LeadWindow } from '../src/store/report-queries.js';
import { seedReports, WEBINAR, WINDOW, type ReportFixture } from './support/seed-reports.js';

const COUNTS = ['leads', 'offered', 'replied', 'booked', 'cancelled', 'held', 'noShow', 'disqualified', 'handedOff', 'declined', 'unsubscribed', 'stalled'] as const;
const countsOf = (groups: GroupAggregate[]) =>
  groups.map((group) => Object.fromEntries([['key', group.key], ...COUNTS.map((name) => [name, group[name]])]));

describe('the daily rollup behind the web page\'s weeks and reps', () => {
  let fixture: ReportFixture;
  beforeAll(async () => {
    fixture = await seedReports();
  });
  const same = async (window: LeadWindow) => {
    const { reports } = fixture.store;
    for (const by of ['week', 'rep'] as const) expect(countsOf((await reports.dayCounts(window, by))!)).toEqual(countsOf(await reports.groups(window, by)));
  };

  it('counts what the report counts, for the service and for one campaign', async () => {
    await same(WINDOW);
    await same({ ...WINDOW, campaign: WEBINAR });
    await same({ since: Date.parse('2026-01-01T00:00:00Z'), until: Date.parse('2027-01-01T00:00:00Z') });
  });

  it('answers only for whole days: another window is left to the leads themselves', async () => {
    expect(await fixture.store.reports.dayCounts({ since: WINDOW.since + 3_600_000, until: WINDOW.until }, 'week')).toBeNull();
  });

  it('stays equal to the leads through any sequence of changes to them', async () => {
    const { db } = fixture.store;
    const ids = db.prepare(`SELECT id FROM leads ORDER BY id`).pluck().all() as number[];
    const change = fc.record({
      lead: fc.constantFrom(...ids),
      status: fc.constantFrom('offered', 'booked', 'handed_off', 'declined', 'unsubscribed', 'stalled', null),
      host: fc.constantFrom('alice', 'bob', null),
      meetingHost: fc.constantFrom('alice', 'bob', null),
      meetingStatus: fc.constantFrom('confirmed', 'cancelled', null),
      outcome: fc.constantFrom('held', 'no_show', 'disqualified', null),
      day: fc.integer({ min: 0, max: 25 }),
      replied: fc.boolean(),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(change, { minLength: 1, maxLength: 12 }), async (changes) => {
        db.exec('SAVEPOINT rollup');
        try {
          for (const c of changes) {
            db.prepare(`UPDATE leads SET status = ?, host_id = ?, meeting_host_id = ?, meeting_status = ?, outcome = ?, received_at = ?,
                first_reply_ms = ? WHERE id = ?`)
              .run(c.status, c.host, c.meetingHost, c.meetingStatus, c.outcome, new Date(WINDOW.since + c.day * 86_400_000 + 36_000_000).toISOString(), c.replied ? 1000 : null, c.lead);
          }
          await same(WINDOW);
          await same({ ...WINDOW, campaign: WEBINAR });
        } finally {
          db.exec('ROLLBACK TO rollup');
          db.exec('RELEASE rollup');
        }
      }),
      { numRuns: 60, seed: 20261208 },
    );
  });
});
