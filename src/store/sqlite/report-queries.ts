import type { Db } from './database.js';
import type { LeadTimes } from '../../core/report.js';
import type { ReportDimension, LeadWindow, GroupAggregate, RecentConversation, ReportQueries } from '../report-queries.js';
import type { Synchronous } from './transactions.js';
import { iso } from '../rows/iso.js';
import { DAY_MS, recentConversation, rounded, type RecentConversationRow } from '../rows/report-queries.js';

const COUNTS = `count(*) AS leads,
  coalesce(sum(offered_at IS NOT NULL OR meeting_status IS NOT NULL), 0) AS offered,
  coalesce(sum(first_reply_ms IS NOT NULL), 0) AS replied,
  coalesce(sum(meeting_status = 'confirmed'), 0) AS booked,
  coalesce(sum(meeting_status = 'cancelled'), 0) AS cancelled,
  coalesce(sum(meeting_status = 'confirmed' AND outcome = 'held'), 0) AS held,
  coalesce(sum(meeting_status = 'confirmed' AND outcome = 'no_show'), 0) AS noShow,
  coalesce(sum(meeting_status = 'confirmed' AND outcome = 'disqualified'), 0) AS disqualified,
  coalesce(sum(status = 'handed_off'), 0) AS handedOff,
  coalesce(sum(status = 'declined'), 0) AS declined,
  coalesce(sum(status = 'unsubscribed'), 0) AS unsubscribed,
  coalesce(sum(status = 'stalled'), 0) AS stalled`;

/** The rollup's columns, under the names COUNTS gives them. */
const DAY_SUMS = `sum(leads) AS leads, sum(offered) AS offered, sum(replied) AS replied, sum(booked) AS booked,
  sum(cancelled) AS cancelled, sum(held) AS held, sum(no_show) AS noShow, sum(disqualified) AS disqualified,
  sum(handed_off) AS handedOff, sum(declined) AS declined, sum(unsubscribed) AS unsubscribed, sum(stalled) AS stalled`;

const MEDIANS = `median(first_reply_ms) AS medianFirstReplyMs,
  median(CASE WHEN meeting_status = 'confirmed' THEN to_booking_ms END) AS medianToBookingMs,
  median(CASE WHEN meeting_status = 'confirmed' THEN to_meeting_ms END) AS medianToMeetingMs`;

/** Every distinct leads.campaign, by one index seek per campaign instead of a scan. */
const PRESENT_CAMPAIGNS = `WITH RECURSIVE present(campaign) AS (
    SELECT min(campaign) FROM leads
    UNION ALL SELECT (SELECT min(campaign) FROM leads WHERE campaign > present.campaign) FROM present
    WHERE present.campaign IS NOT NULL)
  SELECT campaign FROM present WHERE campaign IS NOT NULL`;

export function createReportQueries(db: Db): Synchronous<ReportQueries> {
  /**
   * Leads first received in the window. Without a campaign the range runs once per campaign
   * present (a loose index scan finds them: one seek each), so every report reads the
   * `leads_report` index in order and never the table.
   */
  function where(window: LeadWindow, alias = ''): { sql: string; params: string[] } {
    const range = [iso(window.since), iso(window.until)];
    if (window.campaign !== undefined) {
      return { sql: `${alias}campaign = ? AND ${alias}received_at >= ? AND ${alias}received_at < ?`, params: [window.campaign, ...range] };
    }
    return { sql: `${alias}campaign IN (${PRESENT_CAMPAIGNS}) AND ${alias}received_at >= ? AND ${alias}received_at < ?`, params: range };
  }

  /** The SQL expression a dimension groups by, and its parameters. */
  function keyOf(by: ReportDimension, modes: ReadonlyMap<string, string>): { sql: string; params: string[] } {
    switch (by) {
      case 'campaign':
        return { sql: 'campaign', params: [] };
      case 'rep':
        // A lead belongs to its meeting's organiser, else to the host of its conversation.
        return { sql: 'coalesce(meeting_host_id, host_id)', params: [] };
      case 'week':
        return { sql: `date(received_at, '-6 days', 'weekday 1')`, params: [] };
      case 'mode': {
        if (modes.size === 0) return { sql: 'NULL', params: [] };
        const pairs = [...modes];
        return {
          sql: `CASE campaign ${pairs.map(() => 'WHEN ? THEN ?').join(' ')} END`,
          params: pairs.flat(),
        };
      }
    }
  }

  return {
    groups(window: LeadWindow, by: ReportDimension, modes: ReadonlyMap<string, string> = new Map()): GroupAggregate[] {
      const key = keyOf(by, modes);
      const filter = where(window);
      const rows = db
        .prepare(`SELECT ${key.sql} AS key, ${COUNTS}, ${MEDIANS} FROM leads WHERE ${filter.sql} GROUP BY 1 ORDER BY 1`)
        .all(...key.params, ...filter.params) as GroupAggregate[];
      return rows.map(rounded);
    },

    dayCounts(window: LeadWindow, by: 'week' | 'rep'): GroupAggregate[] | null {
      if (window.since % DAY_MS !== 0 || window.until % DAY_MS !== 0) return null;
      const key = by === 'week' ? `date(day, '-6 days', 'weekday 1')` : `nullif(rep, '')`;
      const range = [iso(window.since).slice(0, 10), iso(window.until).slice(0, 10)];
      const rows = db
        .prepare(`SELECT ${key} AS key, ${DAY_SUMS}, NULL AS medianFirstReplyMs, NULL AS medianToBookingMs, NULL AS medianToMeetingMs
          FROM lead_days WHERE ${window.campaign === undefined ? '' : 'campaign = ? AND'} day >= ? AND day < ? GROUP BY 1 ORDER BY 1`)
        .all(...(window.campaign === undefined ? [] : [window.campaign]), ...range) as GroupAggregate[];
      // A group whose leads all moved on to another day or rep leaves a row of zeros behind.
      return rows.filter((row) => row.leads > 0);
    },

    medians(window: LeadWindow): LeadTimes {
      const filter = where(window);
      return rounded(db.prepare(`SELECT ${MEDIANS} FROM leads WHERE ${filter.sql}`).get(...filter.params) as LeadTimes);
    },

    disqualifiedReasons(window: LeadWindow): Array<{ reason: string; count: number }> {
      const filter = where(window, 'l.');
      return db
        .prepare(`SELECT o.reason AS reason, count(*) AS count FROM leads l JOIN meeting_outcomes o ON o.booking_id = l.meeting_id
          WHERE ${filter.sql} AND l.meeting_status = 'confirmed' AND l.outcome = 'disqualified'
          GROUP BY o.reason ORDER BY count DESC, o.reason`)
        .all(...filter.params) as Array<{ reason: string; count: number }>;
    },

    meetingsPerHost(hostIds: readonly string[], span: { start: number; end: number; campaign?: string }): Map<string, number> {
      const statement = db.prepare(`SELECT count(*) FROM booking_hosts h JOIN bookings b ON b.id = h.booking_id
        WHERE h.host_id = ? AND h.status = 'confirmed' AND h.start_at >= ? AND h.start_at < ?
        ${span.campaign === undefined ? '' : 'AND b.campaign = ?'}`);
      const extra = span.campaign === undefined ? [] : [span.campaign];
      return new Map(
        hostIds.map((hostId) => [hostId, statement.pluck().get(hostId, iso(span.start), iso(span.end), ...extra) as number]),
      );
    },

    calendarFailuresPerHost(span: { start: number; end: number }): Map<string, number> {
      const rows = db
        .prepare(`SELECT json_extract(detail, '$.hostId') AS host, count(*) AS n FROM decisions
          WHERE kind = 'calendar' AND created_at >= ? AND created_at < ? GROUP BY host`)
        .all(iso(span.start), iso(span.end)) as Array<{ host: string; n: number }>;
      return new Map(rows.map((row) => [row.host, row.n]));
    },

    recentConversations(input: { campaign?: string; limit: number; withBodies: boolean }): RecentConversation[] {
      const lastText = input.withBodies
        ? `(SELECT m.visible_text FROM messages m WHERE m.conversation_id = c.id AND m.direction = 'in'
             AND m.visible_text IS NOT NULL ORDER BY m.id DESC LIMIT 1)`
        : 'NULL';
      const rows = db
        .prepare(`SELECT c.id, c.lead_id, l.email, l.name, c.campaign, c.subject, c.status, c.host_id, c.updated_at,
            ${lastText} AS last_text
          FROM conversations c JOIN leads l ON l.id = c.lead_id
          ${input.campaign === undefined ? '' : 'WHERE c.campaign = ?'}
          ORDER BY c.updated_at DESC, c.id DESC LIMIT ?`)
        .all(...(input.campaign === undefined ? [] : [input.campaign]), input.limit) as RecentConversationRow[];
      return rows.map(recentConversation);
    },
  };
}
