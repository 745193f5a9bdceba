import type { Session } from './session.js';
import type { LeadTimes } from '../../core/report.js';
import type { GroupAggregate, LeadWindow, ReportDimension, ReportQueries } from '../report-queries.js';
import { iso } from '../rows/iso.js';
import { DAY_MS, recentConversation, rounded, type RecentConversationRow } from '../rows/report-queries.js';

const COUNTS = `count(*) AS leads,
  count(*) FILTER (WHERE offered_at IS NOT NULL OR meeting_status IS NOT NULL) AS offered,
  count(*) FILTER (WHERE first_reply_ms IS NOT NULL) AS replied,
  count(*) FILTER (WHERE meeting_status = 'confirmed') AS booked,
  count(*) FILTER (WHERE meeting_status = 'cancelled') AS cancelled,
  count(*) FILTER (WHERE meeting_status = 'confirmed' AND outcome = 'held') AS held,
  count(*) FILTER (WHERE meeting_status = 'confirmed' AND outcome = 'no_show') AS "noShow",
  count(*) FILTER (WHERE meeting_status = 'confirmed' AND outcome = 'disqualified') AS disqualified,
  count(*) FILTER (WHERE status = 'handed_off') AS "handedOff",
  count(*) FILTER (WHERE status = 'declined') AS declined,
  count(*) FILTER (WHERE status = 'unsubscribed') AS unsubscribed,
  count(*) FILTER (WHERE status = 'stalled') AS stalled`;

/** The rollup's columns, under the names COUNTS gives them. */
const DAY_SUMS = `sum(leads) AS leads, sum(offered) AS offered, sum(replied) AS replied, sum(booked) AS booked,
  sum(cancelled) AS cancelled, sum(held) AS held, sum(no_show) AS "noShow", sum(disqualified) AS disqualified,
  sum(handed_off) AS "handedOff", sum(declined) AS declined, sum(unsubscribed) AS unsubscribed, sum(stalled) AS stalled`;

/**
 * SQLite's median() is its percentile(x, 50): the middle value, or halfway between the two
 * middle ones, NULLs left out; percentile_cont(0.5) interpolates the same way, in doubles too.
 */
const MEDIANS = `percentile_cont(0.5) WITHIN GROUP (ORDER BY first_reply_ms) AS "medianFirstReplyMs",
  percentile_cont(0.5) WITHIN GROUP (ORDER BY to_booking_ms) FILTER (WHERE meeting_status = 'confirmed') AS "medianToBookingMs",
  percentile_cont(0.5) WITHIN GROUP (ORDER BY to_meeting_ms) FILTER (WHERE meeting_status = 'confirmed') AS "medianToMeetingMs"`;

/**
 * Every distinct leads.campaign, one index seek each (PostgreSQL 15 has no skip scan), as an
 * array the leads_report range scan takes as `campaign = ANY(...)`.
 */
const PRESENT_CAMPAIGNS = `ARRAY(WITH RECURSIVE present(campaign) AS (
    (SELECT min(campaign) FROM leads)
    UNION ALL SELECT (SELECT min(campaign) FROM leads WHERE campaign > present.campaign) FROM present
    WHERE present.campaign IS NOT NULL)
  SELECT campaign FROM present WHERE campaign IS NOT NULL)`;

/**
 * Groups in SQLite's order: NULL first, then text byte by byte (its BINARY collation), whatever
 * the database's locale. The groups are sorted, not the rows: grouping by the plain column lets
 * a per-campaign range stream from leads_report in its own order.
 */
const inKeyOrder = (grouped: string) => `SELECT * FROM (${grouped}) AS grouped ORDER BY key COLLATE "C" NULLS FIRST`;

export function createPostgresReportQueries(session: Session): ReportQueries {
  /** Leads first received in the window: a range of the `leads_report` index per campaign. */
  function where(window: LeadWindow, values: unknown[], alias = ''): string {
    const since = `$${values.push(iso(window.since))}`;
    const until = `$${values.push(iso(window.until))}`;
    const campaign = window.campaign === undefined ? PRESENT_CAMPAIGNS : `$${values.push(window.campaign)}`;
    const test = window.campaign === undefined ? `${alias}campaign = ANY(${campaign})` : `${alias}campaign = ${campaign}`;
    return `${test} AND ${alias}received_at >= ${since} AND ${alias}received_at < ${until}`;
  }

  /** The SQL expression a dimension groups by. */
  function keyOf(by: ReportDimension, modes: ReadonlyMap<string, string>, values: unknown[]): string {
    switch (by) {
      case 'campaign':
        return 'campaign';
      case 'rep':
        // A lead belongs to its meeting's organiser, else to the host of its conversation.
        return 'coalesce(meeting_host_id, host_id)';
      case 'week':
        // The Monday of the received_at's UTC week, as SQLite's date(x, '-6 days', 'weekday 1').
        return `to_char(date_trunc('week', received_at AT TIME ZONE 'UTC'), 'YYYY-MM-DD')`;
      case 'mode': {
        if (modes.size === 0) return 'NULL::text';
        const whens = [...modes].map(([campaign, mode]) => `WHEN $${values.push(campaign)}::text THEN $${values.push(mode)}::text`);
        return `CASE campaign ${whens.join(' ')} END`;
      }
    }
  }

  return {
    async groups(window, by, modes = new Map()) {
      const values: unknown[] = [];
      const key = keyOf(by, modes, values);
      const { rows } = await session.query<GroupAggregate>(
        inKeyOrder(`SELECT ${key} AS key, ${COUNTS}, ${MEDIANS} FROM leads WHERE ${where(window, values)} GROUP BY 1`),
        values,
      );
      return rows.map(rounded);
    },

    async dayCounts(window, by) {
      if (window.since % DAY_MS !== 0 || window.until % DAY_MS !== 0) return null;
      const key = by === 'week' ? `to_char(date_trunc('week', day::timestamp), 'YYYY-MM-DD')` : `nullif(rep, '')`;
      const values: unknown[] = [iso(window.since).slice(0, 10), iso(window.until).slice(0, 10)];
      const campaign = window.campaign === undefined ? '' : `campaign = $${values.push(window.campaign)} AND`;
      const { rows } = await session.query<GroupAggregate>(
        inKeyOrder(`SELECT ${key} AS key, ${DAY_SUMS}, NULL::float8 AS "medianFirstReplyMs", NULL::float8 AS "medianToBookingMs",
            NULL::float8 AS "medianToMeetingMs"
          FROM lead_days WHERE ${campaign} day >= $1::date AND day < $2::date GROUP BY 1`),
        values,
      );
      // A group whose leads all moved on to another day or rep leaves a row of zeros behind.
      return rows.filter((row) => row.leads > 0);
    },

    async medians(window) {
      const values: unknown[] = [];
      const { rows } = await session.query<LeadTimes>(`SELECT ${MEDIANS} FROM leads WHERE ${where(window, values)}`, values);
      return rounded(rows[0]!);
    },

    async disqualifiedReasons(window) {
      const values: unknown[] = [];
      const { rows } = await session.query<{ reason: string; count: number }>(
        `SELECT o.reason AS reason, count(*) AS count FROM leads l JOIN meeting_outcomes o ON o.booking_id = l.meeting_id
          WHERE ${where(window, values, 'l.')} AND l.meeting_status = 'confirmed' AND l.outcome = 'disqualified'
          GROUP BY o.reason ORDER BY count DESC, o.reason COLLATE "C" NULLS FIRST`,
        values,
      );
      return rows;
    },

    async meetingsPerHost(hostIds, span) {
      const values: unknown[] = [[...hostIds], iso(span.start), iso(span.end)];
      const campaign = span.campaign === undefined ? '' : `AND b.campaign = $${values.push(span.campaign)}`;
      const { rows } = await session.query<{ host_id: string; count: number }>(
        `SELECT h.host_id, count(*) AS count FROM booking_hosts h JOIN bookings b ON b.id = h.booking_id
          WHERE h.host_id = ANY($1::text[]) AND h.status = 'confirmed' AND h.start_at >= $2 AND h.start_at < $3 ${campaign}
          GROUP BY h.host_id`,
        values,
      );
      const counts = new Map(rows.map((row) => [row.host_id, row.count]));
      return new Map(hostIds.map((hostId) => [hostId, counts.get(hostId) ?? 0]));
    },

    async calendarFailuresPerHost(span) {
      const { rows } = await session.query<{ key: string; n: number }>(
        inKeyOrder(`SELECT detail->>'hostId' AS key, count(*) AS n FROM decisions
          WHERE kind = 'calendar' AND created_at >= $1 AND created_at < $2 GROUP BY 1`),
        [iso(span.start), iso(span.end)],
      );
      return new Map(rows.map((row) => [row.key, row.n]));
    },

    async recentConversations(input) {
      const lastText = input.withBodies
        ? `(SELECT m.visible_text FROM messages m WHERE m.conversation_id = c.id AND m.direction = 'in'
             AND m.visible_text IS NOT NULL ORDER BY m.id DESC LIMIT 1)`
        : 'NULL';
      const values: unknown[] = [input.limit];
      const { rows } = await session.query<RecentConversationRow>(
        `SELECT c.id, c.lead_id, l.email, l.name, c.campaign, c.subject, c.status, c.host_id, c.updated_at, ${lastText} AS last_text
          FROM conversations c JOIN leads l ON l.id = c.lead_id
          ${input.campaign === undefined ? '' : `WHERE c.campaign = $${values.push(input.campaign)}`}
          ORDER BY c.updated_at DESC, c.id DESC LIMIT $1`,
        values,
      );
      return rows.map(recentConversation);
    },
  };
}
