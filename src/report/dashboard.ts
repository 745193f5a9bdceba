import type { Config } from '../config/types.js';
import { weekStart } from '../core/report.js';
import type { RecentConversation, ReportQueries } from '../store/report-queries.js';
import { buildReport, reportRows, windowOf, type Report, type ReportRow } from './campaign-report.js';

/** Everything the web page shows for the service or one campaign. */
export interface Dashboard {
  report: Report;
  /** Counts only: weeks' and reps' medians may be null. */
  weeks: ReportRow[];
  /** upcoming: meetings in the next week; calendarFailures: offers the rep missed because their calendar could not be read. */
  reps: Array<ReportRow & { upcoming: number; calendarFailures: number }>;
  recent: RecentConversation[];
  /** Message bodies were read for `recent`: only when the caller presented the access token. */
  bodies: boolean;
}

export interface DashboardRequest {
  since: number;
  until: number;
  campaign?: string;
  bodies: boolean;
  now: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;
const WEEK_MS = 7 * DAY_MS;
/** "Upcoming" on the rep table: meetings starting within this long from now. */
const UPCOMING_MS = WEEK_MS;
const RECENT = 20;

/** The default page window: the current week and the eleven before it, through the end of today (UTC). */
export function defaultWindow(now: number): { since: number; until: number } {
  return { since: weekStart(now) - 11 * WEEK_MS, until: (Math.floor(now / DAY_MS) + 1) * DAY_MS };
}

export async function buildDashboard(queries: ReportQueries, config: Config, request: DashboardRequest): Promise<Dashboard> {
  const scope = windowOf(request);
  const report = await buildReport(queries, config, { ...scope, by: 'campaign' });
  // The page shows counts alone by week and by rep.
  const { rows: weeks } = await reportRows(queries, config, { ...scope, by: 'week' }, { countsOnly: true });
  const { rows: repRows } = await reportRows(queries, config, { ...scope, by: 'rep' }, { countsOnly: true });
  const upcoming = await queries.meetingsPerHost(
    repRows.map((row) => row.key),
    { start: request.now, end: request.now + UPCOMING_MS, ...(request.campaign ? { campaign: request.campaign } : {}) },
  );
  const failures = await queries.calendarFailuresPerHost({ start: request.since, end: request.until });
  return {
    report,
    weeks,
    reps: repRows.map((row) => ({ ...row, upcoming: upcoming.get(row.key) ?? 0, calendarFailures: failures.get(row.key) ?? 0 })),
    recent: await queries.recentConversations({ limit: RECENT, withBodies: request.bodies, ...(request.campaign ? { campaign: request.campaign } : {}) }),
    bodies: request.bodies,
  };
}
