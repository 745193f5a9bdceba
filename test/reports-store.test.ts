import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { Statement } from 'better-sqlite3';
import type { Db } from '../src/store/sqlite/database.js';
import { openSqliteStore } from '../src/store/sqlite/store.js';
import { createReportQueries } from '../src/store/sqlite/report-queries.js';
import { createTransactions } from '../src/store/sqlite/transactions.js';
import type { ReportQueries } from '../src/store/report-queries.js';
import { INITIAL_STATE } from '../src/core/conversation.js';
import { buildReport } from '../src/report/campaign-report.js';
import { buildDashboard } from '../src/report/dashboard.js';
import { formatHistory } from '../src/report/explain-format.js';
import { at } from './support/scenario.js';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { NOW, PRICING, seedReports, WEBINAR, WINDOW, type ReportFixture } from './support/seed-reports.js';

let fixture: ReportFixture;
beforeAll(async () => {
  fixture = await seedReports();
});
afterAll(() => fixture.store.close());

/** A Db whose statements remember the SQL and the arguments they ran with. */
function recording(db: Db, calls: Array<{ sql: string; args: unknown[] }>): Db {
  const wrap = (statement: Statement, sql: string): Statement =>
    new Proxy(statement, {
      get(target, property) {
        const value = Reflect.get(target, property, target) as unknown;
        if (property === 'all' || property === 'get' || property === 'run') {
          return (...args: unknown[]) => {
            calls.push({ sql, args });
            return (value as (...a: unknown[]) => unknown).apply(target, args);
          };
        }
        if (property === 'pluck') return (...args: unknown[]) => wrap((value as (...a: unknown[]) => Statement).apply(target, args), sql);
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    });
  return new Proxy(db, {
    get(target, property) {
      if (property === 'prepare') return (sql: string) => wrap(target.prepare(sql), sql);
      const value = Reflect.get(target, property, target) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

describe('report queries at scale', () => {
  it('never scan a table: every read is an index search, the lead figures from the covering index alone', async () => {
    const calls: Array<{ sql: string; args: unknown[] }> = [];
    const recorded = recording(fixture.store.db, calls);
    const queries = createTransactions(recorded).family<ReportQueries>(createReportQueries(recorded));
    await buildReport(queries, fixture.config, { ...WINDOW, by: 'campaign' });
    await buildReport(queries, fixture.config, { ...WINDOW, by: 'rep', campaign: PRICING });
    await buildDashboard(queries, fixture.config, { ...WINDOW, bodies: true, now: NOW });
    await buildDashboard(queries, fixture.config, { ...WINDOW, campaign: WEBINAR, bodies: true, now: NOW });
    expect(calls.length).toBeGreaterThan(10);
    const plans = calls.map(({ sql, args }) =>
      (fixture.store.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...args) as Array<{ detail: string }>).map((step) => step.detail),
    );
    for (const [index, plan] of plans.entries()) {
      // Recent conversations walk the updated_at index backwards and stop at the LIMIT.
      const fullScans = plan.filter(
        (detail) => /^SCAN (?!present\b)/.test(detail) && !/USING (COVERING )?INDEX conversations_(campaign_)?updated/.test(detail),
      );
      expect(fullScans, `${calls[index]!.sql}\n${plan.join('\n')}`).toEqual([]);
    }
    const leadReads = plans.flat().filter((detail) => /\bleads\b/.test(detail) && /^SEARCH/.test(detail) && !/autoindex|PRIMARY KEY/.test(detail));
    expect(leadReads.length).toBeGreaterThan(0);
    for (const detail of leadReads) expect(detail).toMatch(/USING COVERING INDEX leads_report \(campaign=\? AND received_at>\? AND received_at<\?\)/);
  });
});

describe('report facts follow the store the pipeline writes through', () => {
  it('offers, bookings, a reschedule and a cancellation move the lead; reply and booking times are kept in ms', async () => {
    const store = openSqliteStore(join(mkdtempSync(join(tmpdir(), 'reports-live-')), 'live.db'));
    try {
      const received = at('2026-04-06T09:00:00');
      const { lead } = await store.leads.findOrCreate({ campaign: WEBINAR, email: 'pat@example.com', name: null, receivedAt: received });
      const conversation = await store.conversations.create(
        { leadId: lead.id, campaign: WEBINAR, token: 'live-token', state: INITIAL_STATE, prospectZone: 'UTC', subject: 'Hi', language: null },
        received,
      );
      store.db.prepare(`UPDATE leads SET first_reply_at = ? WHERE id = ?`).run('2026-04-06T09:00:12.500Z', lead.id);
      await store.conversations.save({ ...conversation, state: { ...INITIAL_STATE, status: 'offered', hostIds: ['bob'] } }, received + 12_500);
      const slot = { start: at('2026-04-08T10:00:00'), end: at('2026-04-08T10:30:00') };
      const uid = 'live-uid@meet.test';
      await store.transaction(() =>
        store.bookings.insertIfFree({ uid, leadId: lead.id, conversationId: conversation.id, campaign: WEBINAR, hostIds: ['bob'], attendeeEmail: lead.email, slot }, received + 3_600_000),
      );
      await store.leads.markBooked(lead.id, received + 3_600_000);
      const facts = () =>
        store.db
          .prepare(`SELECT status, host_id, meeting_status, meeting_host_id, meeting_start_at, first_reply_ms, to_booking_ms, to_meeting_ms FROM leads WHERE id = ?`)
          .get(lead.id);
      expect(facts()).toEqual({
        status: 'offered',
        host_id: 'bob',
        meeting_status: 'confirmed',
        meeting_host_id: 'bob',
        meeting_start_at: '2026-04-08T10:00:00.000Z',
        first_reply_ms: 12_500,
        to_booking_ms: 3_600_000,
        to_meeting_ms: 49 * 3_600_000,
      });
      await store.transaction(() => store.bookings.moveIfFree(uid, { start: at('2026-04-09T15:00:00'), end: at('2026-04-09T15:30:00') }, ['bob'], received + 7_200_000));
      expect(facts()).toMatchObject({ meeting_status: 'confirmed', meeting_start_at: '2026-04-09T15:00:00.000Z', to_meeting_ms: 78 * 3_600_000 });
      await store.transaction(() => store.bookings.cancel(uid, received + 10_800_000));
      expect(facts()).toMatchObject({ meeting_status: 'cancelled' });
      const window = { since: received, until: received + 86_400_000 };
      expect((await buildReport(store.reports, fixture.config, { ...window, by: 'campaign' })).total).toMatchObject({ leads: 1, booked: 0, cancelled: 1 });
    } finally {
      await store.close();
    }
  });
});

describe('meeting outcomes', () => {
  it('records once, keeps the first recorder on a repeat, replaces on a correction, and keeps the history', async () => {
    const outcomes = fixture.store.outcomes;
    const booking = (await outcomes.booking(`uid-${fixture.leads.L9.id}@meet.test`))!;
    expect(booking.id).toBe(fixture.bookings.L9);
    const first = await outcomes.record({ booking, outcome: 'held', reason: null, recordedBy: 'bob', source: 'link' }, at('2026-03-25T11:00:00'));
    expect(first).toEqual({ change: 'recorded', previous: null });
    const again = await outcomes.record({ booking, outcome: 'held', reason: null, recordedBy: 'ops', source: 'cli' }, at('2026-03-25T12:00:00'));
    expect(again.change).toBe('unchanged');
    expect(await outcomes.current(booking.id)).toMatchObject({ outcome: 'held', recordedBy: 'bob', source: 'link' });
    const fixed = await outcomes.record({ booking, outcome: 'disqualified', reason: 'wrong_fit', recordedBy: 'ops', source: 'cli' }, at('2026-03-26T09:00:00'));
    expect(fixed.change).toBe('changed');
    const summaries = fixture.store.db
      .prepare(`SELECT summary FROM decisions WHERE kind = 'outcome' AND conversation_id = ? ORDER BY id`)
      .pluck()
      .all(fixture.leads.L9.conversationId);
    expect(summaries).toEqual(['outcome held recorded by bob (link)', 'outcome changed from held to disqualified (wrong_fit) by ops (cli)']);
    expect(fixture.store.db.prepare(`SELECT outcome FROM leads WHERE id = ?`).pluck().get(fixture.leads.L9.id)).toBe('disqualified');
  });
});

describe('explain', () => {
  it("finds a lead by a colleague's address and prints the thread and decisions in order", async () => {
    const history = fixture.store.leadHistory;
    const [lead] = await history.find('sam@a.example');
    expect(lead).toMatchObject({ id: fixture.leads.L1.id, email: 'jane@a.example', campaign: WEBINAR });
    expect(await history.find('jane@a.example', PRICING)).toEqual([]);
    const text = formatHistory(await history.history(lead!));
    const lines = text.split('\n');
    expect(lines.slice(0, 4)).toEqual([
      `Lead ${fixture.leads.L1.id}: jane@a.example on ${WEBINAR}`,
      'First message: 2026-03-02 09:00 UTC; status: booked',
      'Also in the thread: sam@a.example',
      `Meeting ${fixture.bookings.L1} (uid-${fixture.leads.L1.id}@meet.test): 2026-03-04 15:00 UTC with alice, confirmed; outcome held by alice`,
    ]);
    const events = lines.filter((line) => /^\d{4}-/.test(line));
    expect(events).toEqual([
      '2026-03-02 09:00 UTC  IN  human jane@a.example "<script>alert(1)</script> Demo"',
      '2026-03-02 09:00 UTC  step (code): new -> offered: offer (alice)',
      '2026-03-02 09:00 UTC  OUT reply webinar@meet.test "Re: Demo request" [sent]',
      '2026-03-02 10:00 UTC  IN  human sam@a.example "Fwd: Demo request"',
      '2026-03-04 16:00 UTC  outcome (rep): outcome held recorded by alice (cli)',
    ]);
    expect(text).toContain('    Hi, I saw the webinar. Could we talk next week?');
  });
});
