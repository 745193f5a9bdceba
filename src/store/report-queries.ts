import type { LeadCounts, LeadTimes } from '../core/report.js';

/**
 * The report's aggregations, pushed into SQLite: a window is a range of the `leads_report` index
 * per campaign, whose columns migration 002's triggers keep in step with conversations, offers,
 * bookings and outcomes. Nothing here loads one row per lead into JS.
 */

export type ReportDimension = 'campaign' | 'rep' | 'week' | 'mode';

/** Leads first received in [since, until), optionally of one campaign; instants in epoch ms. */
export interface LeadWindow {
  since: number;
  until: number;
  campaign?: string;
}

export interface GroupAggregate extends LeadCounts, LeadTimes {
  /** The campaign address, host id, week's Monday (YYYY-MM-DD, UTC) or routing mode; null = none. */
  key: string | null;
}

export interface RecentConversation {
  id: number;
  leadId: number;
  email: string;
  name: string | null;
  campaign: string;
  subject: string;
  status: string;
  hostId: string | null;
  updatedAt: number;
  /** The prospect's latest words; only read when the caller may show message bodies. */
  lastInboundText: string | null;
}

export interface ReportQueries {
  /** One aggregate per group that had leads in the window. `modes`: campaign -> routing mode. */
  groups(window: LeadWindow, by: ReportDimension, modes?: ReadonlyMap<string, string>): Promise<GroupAggregate[]>;
  /**
   * Counts by week or rep from the per-day rollup (migration 011), without medians (null): for a
   * window of whole UTC days, else null and `groups` must answer. A page that shows no medians
   * for these reads a few thousand rows instead of sorting every lead of the window.
   */
  dayCounts(window: LeadWindow, by: 'week' | 'rep'): Promise<GroupAggregate[] | null>;
  /**
   * The medians over the whole window. Counts add up across groups (core/report `sumCounts`);
   * medians do not, so they take a pass of their own, a narrower one than `groups`.
   */
  medians(window: LeadWindow): Promise<LeadTimes>;
  /** Disqualified meetings of the window's leads by reason code, most frequent first. */
  disqualifiedReasons(window: LeadWindow): Promise<Array<{
    reason: string;
    count: number;
  }>>;
  /**
   * Confirmed meetings each host takes part in (collective meetings count for every host) that
   * start in [start, end), optionally of one campaign.
   */
  meetingsPerHost(hostIds: readonly string[], span: {
    start: number;
    end: number;
    campaign?: string;
  }): Promise<Map<string, number>>;
  /** Times a rep's calendar could not be read (so they were left out of an offer) in the span. */
  calendarFailuresPerHost(span: {
    start: number;
    end: number;
  }): Promise<Map<string, number>>;
  /** The most recently active conversations, newest first. */
  recentConversations(input: {
    campaign?: string;
    limit: number;
    withBodies: boolean;
  }): Promise<RecentConversation[]>;
}
