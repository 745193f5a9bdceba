import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { GroupAggregate, LeadWindow } from '../src/store/report-queries.js';
import { seedReports, WEBINAR, WINDOW } from './support/seed-reports.js';

const COUNTS = ['leads', 'offered', 'replied', 'booked', 'cancelled', 'held', 'noShow', 'disqualified', 'handedOff', 'declined', 'unsubscribed', 'stalled'] as const;
const countsOf = (groups: GroupAggregate[]) =>
  groups.map((group) => Object.fromEntries([['key', group.key], ...COUNTS.map((name) => [name, group[name]])]));

describe('the daily rollup behind the web page\'s weeks and reps', () => {
  const fixture = seedReports();
  const { reports } = fixture.store;
  const same = (window: LeadWindow) => {
    for (const by of ['week', 'rep'] as const) expect(countsOf(reports.dayCounts(window, by)!)).toEqual(countsOf(reports.groups(window, by)));
  };

  it('counts what the report counts, for the service and for one campaign', () => {
    same(WINDOW);
    same({ ...WINDOW, campaign: WEBINAR });
    same({ since: Date.parse('2026-01-01T00:00:00Z'), until: Date.parse('2027-01-01T00:00:00Z') });
  });

  it('answers only for whole days: another window is left to the leads themselves', () => {
    expect(reports.dayCounts({ since: WINDOW.since + 3_600_000, until: WINDOW.until }, 'week')).toBeNull();
  });

  it('stays equal to the leads through any sequence of changes to them', () => {
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
    fc.assert(
      fc.property(fc.array(change, { minLength: 1, maxLength: 12 }), (changes) => {
        db.exec('SAVEPOINT rollup');
        try {
          for (const c of changes) {
            db.prepare(`UPDATE leads SET status = ?, host_id = ?, meeting_host_id = ?, meeting_status = ?, outcome = ?, received_at = ?,
                first_reply_ms = ? WHERE id = ?`)
              .run(c.status, c.host, c.meetingHost, c.meetingStatus, c.outcome, new Date(WINDOW.since + c.day * 86_400_000 + 36_000_000).toISOString(), c.replied ? 1000 : null, c.lead);
          }
          same(WINDOW);
          same({ ...WINDOW, campaign: WEBINAR });
        } finally {
          db.exec('ROLLBACK TO rollup');
          db.exec('RELEASE rollup');
        }
      }),
      { numRuns: 60, seed: 20261208 },
    );
  });
});
