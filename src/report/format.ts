import type { ReportFigures } from '../core/report.js';
import type { Report, ReportRow } from './campaign-report.js';
import { funnelTable, reportTable } from './format-table.js';

export type ReportFormat = 'table' | 'csv' | 'json';

/** Rows named by the dimension they group by: `{ "campaign": "webinar-q3@…", … }`, `{ "rep": "alice", … }`. */
export function reportJson(report: Report): Array<Record<string, unknown>> {
  return report.rows.map((row) => ({ [report.by]: row.key, name: row.name, ...figuresJson(row) }));
}

export function figuresJson(row: ReportFigures): Record<string, number | null> {
  const seconds = (ms: number | null) => (ms === null ? null : ms / 1000);
  return {
    leads: row.leads,
    booked: row.booked,
    bookingRate: row.bookingRate,
    medianFirstReplySeconds: seconds(row.medianFirstReplyMs),
    offered: row.offered,
    replied: row.replied,
    cancelled: row.cancelled,
    held: row.held,
    noShow: row.noShow,
    disqualified: row.disqualified,
    handedOff: row.handedOff,
    declined: row.declined,
    unsubscribed: row.unsubscribed,
    stalled: row.stalled,
    medianTimeToBookingSeconds: seconds(row.medianToBookingMs),
    medianTimeToMeetingSeconds: seconds(row.medianToMeetingMs),
  };
}

export function formatReport(report: Report, format: ReportFormat): string {
  switch (format) {
    case 'json':
      return JSON.stringify(reportJson(report), null, 2);
    case 'csv':
      return csv(report);
    case 'table':
      return reportTable(report);
  }
}

/** The funnel (leads → offered → booked → held) of the whole selection; the table also shows it per group. */
export function formatFunnel(report: Report, format: ReportFormat): string {
  switch (format) {
    case 'json':
      return JSON.stringify({ since: new Date(report.since).toISOString(), until: new Date(report.until).toISOString(), campaign: report.campaign, stages: report.funnel }, null, 2);
    case 'csv':
      return ['stage,count,share_of_leads', ...report.funnel.map((stage) => `${stage.stage},${stage.count},${stage.share === null ? '' : stage.share.toFixed(4)}`)].join('\n');
    case 'table':
      return funnelTable(report);
  }
}

/** The first six columns are the original report's; later ones were added after them so positional readers keep working. */
function csv(report: Report): string {
  const seconds = (ms: number | null) => (ms === null ? '' : (ms / 1000).toFixed(1));
  const header = [
    report.by,
    'name',
    'leads',
    'booked',
    'booking_rate',
    'median_first_reply_seconds',
    'offered',
    'replied',
    'cancelled',
    'held',
    'no_show',
    'disqualified',
    'handed_off',
    'declined',
    'unsubscribed',
    'stalled',
    'median_time_to_booking_seconds',
    'median_time_to_meeting_seconds',
  ];
  const line = (row: ReportRow) =>
    [
      csvField(row.key),
      csvField(row.name),
      row.leads,
      row.booked,
      row.bookingRate === null ? '' : row.bookingRate.toFixed(4),
      seconds(row.medianFirstReplyMs),
      row.offered,
      row.replied,
      row.cancelled,
      row.held,
      row.noShow,
      row.disqualified,
      row.handedOff,
      row.declined,
      row.unsubscribed,
      row.stalled,
      seconds(row.medianToBookingMs),
      seconds(row.medianToMeetingMs),
    ].join(',');
  return [header.join(','), ...report.rows.map(line)].join('\n');
}

function csvField(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
