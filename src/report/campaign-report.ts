import { DateTime } from 'luxon';
import type { Config } from '../config/types.js';
import {
  emptyFigures,
  figures,
  funnel,
  sumCounts,
  weeksOverlapping,
  type FunnelStage,
  type LeadCounts,
  type ReportFigures,
} from '../core/report.js';
import type { GroupAggregate, LeadWindow, ReportDimension, ReportQueries } from '../store/report-queries.js';

export type { ReportDimension };
export const REPORT_DIMENSIONS: readonly ReportDimension[] = ['campaign', 'rep', 'week', 'mode'];

/** Leads first received in [since, until) (epoch ms), optionally of one campaign, grouped `by`. */
export interface ReportRequest {
  since: number;
  until: number;
  campaign?: string;
  by: ReportDimension;
}

export interface ReportRow extends ReportFigures {
  /** Campaign address, host id, week's Monday (YYYY-MM-DD) or routing mode; "-" for leads no rep took. */
  key: string;
  name: string;
}

export interface Report {
  since: number;
  until: number;
  campaign: string | null;
  by: ReportDimension;
  rows: ReportRow[];
  total: ReportFigures;
  funnel: FunnelStage[];
  disqualifiedReasons: Array<{ reason: string; count: number }>;
}

const NOT_ROUTED = '-';
const GONE = '(no longer configured)';

/** docs/reports.md defines every figure. Configured campaigns, reps and modes, and every week of the window, always appear. */
export async function buildReport(queries: ReportQueries, config: Config, request: ReportRequest): Promise<Report> {
  const window = windowOf(request);
  const { rows, counts } = await reportRows(queries, config, request);
  return {
    since: request.since,
    until: request.until,
    campaign: request.campaign ?? null,
    by: request.by,
    rows,
    total: figures(counts, counts.leads === 0 ? emptyFigures() : await queries.medians(window)),
    funnel: funnel(counts),
    disqualifiedReasons: counts.disqualified === 0 ? [] : await queries.disqualifiedReasons(window),
  };
}

/**
 * Only the grouped rows (and their summed counts): one pass over the window's leads. With
 * `countsOnly`, rows by week or rep may leave their medians null.
 */
export async function reportRows(
  queries: ReportQueries,
  config: Config,
  request: ReportRequest,
  options: { countsOnly?: boolean } = {},
): Promise<{ rows: ReportRow[]; counts: LeadCounts }> {
  const campaigns = config.campaigns.filter((campaign) => !request.campaign || campaign.address === request.campaign);
  const modes = new Map(config.campaigns.map((campaign) => [campaign.address, campaign.routing.mode]));
  // Counts alone, by week or rep, come from the daily rollup when the window is whole days.
  const rollup = options.countsOnly && (request.by === 'week' || request.by === 'rep') ? await queries.dayCounts(windowOf(request), request.by) : null;
  const groups = rollup ?? await queries.groups(windowOf(request), request.by, modes);
  const rows = arrange(groups, expectedKeys(config, campaigns, request)).map(({ key, group }) => ({
    ...(group ? figures(group, group) : emptyFigures()),
    key: key ?? NOT_ROUTED,
    name: nameOf(config, request.by, key),
  }));
  return { rows, counts: sumCounts(groups) };
}

/** The leads a request covers: its window, and its campaign when it names one. */
export function windowOf(request: Pick<ReportRequest, 'since' | 'until' | 'campaign'>): LeadWindow {
  return { since: request.since, until: request.until, ...(request.campaign ? { campaign: request.campaign } : {}) };
}

function expectedKeys(config: Config, campaigns: Config['campaigns'], request: ReportRequest): string[] {
  switch (request.by) {
    case 'campaign':
      return campaigns.map((campaign) => campaign.address);
    case 'rep':
      return config.hosts.map((host) => host.id).filter((id) => campaigns.some((campaign) => campaign.hostIds.includes(id)));
    case 'week':
      return weeksOverlapping(request.since, request.until).map((week) => new Date(week).toISOString().slice(0, 10));
    case 'mode':
      return [...new Set(campaigns.map((campaign) => campaign.routing.mode))];
  }
}

/**
 * Expected keys first, in configuration (or time) order, then whatever else the data holds
 * (campaigns and reps no longer configured, leads no rep took). Weeks are all expected.
 */
function arrange(groups: GroupAggregate[], expected: string[]): Array<{ key: string | null; group: GroupAggregate | null }> {
  const byKey = new Map(groups.map((group) => [group.key, group]));
  const listed = expected.map((key) => ({ key, group: byKey.get(key) ?? null }));
  const rest = groups.filter((group) => group.key === null || !expected.includes(group.key)).map((group) => ({ key: group.key, group }));
  return [...listed, ...rest];
}

function nameOf(config: Config, by: ReportDimension, key: string | null): string {
  switch (by) {
    case 'campaign':
      return config.campaigns.find((campaign) => campaign.address === key)?.name ?? GONE;
    case 'rep':
      if (key === null) return 'not routed to a rep';
      return config.hosts.find((host) => host.id === key)?.name ?? GONE;
    case 'week':
      return key === null ? '' : `week of ${DateTime.fromISO(key, { zone: 'UTC' }).toFormat('d LLL yyyy')}`;
    case 'mode':
      return key === null ? GONE : key.replace(/_/g, ' ');
  }
}

/** Accepts `2026-11-01`, a full ISO instant, or a relative `30d`; returns epoch ms. */
export function parseInstant(value: string, now: number): number | null {
  const relative = /^(\d+)d$/.exec(value);
  if (relative) return now - Number(relative[1]) * 24 * 60 * 60 * 1000;
  if (!/^\d{4}-\d{2}-\d{2}/.test(value)) return null;
  const parsed = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value);
  return Number.isNaN(parsed) ? null : parsed;
}
