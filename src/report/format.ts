import type { ReportFigures } from '../core/report.js';
import type { Report, ReportRow } from './campaign-report.js';
import { funnelTable, reportTable } from './format-table.js';

export type ReportFormat = 'table' | 'csv' | 'json';

/** Rows named by the dimension they group by: `{ "campaign": "webinar-q3@…", … }`, `{ "rep": "alice", … }`. */
export function reportJson(report: Report): Array<Record<string, unknown>> {
  return report.rows.map((row) => ({ [report.by]: row.key, name: row.name, ...figuresJson(row) }));
}

/**
 * The report's figures in column order: CSV name, JSON name, value (times in seconds) and, for
 * CSV, the decimals to print (counts print as they are). The first four follow the original
 * report's columns; later ones were added after them so positional CSV readers keep working.
 */
const FIGURES: ReadonlyArray<readonly [csv: string, json: string, value: (row: ReportFigures) => number | null, csvDigits?: number]> = [
  ['leads', 'leads', (row) => row.leads],
  ['booked', 'booked', (row) => row.booked],
  ['booking_rate', 'bookingRate', (row) => row.bookingRate, 4],
  ['median_first_reply_seconds', 'medianFirstReplySeconds', (row) => seconds(row.medianFirstReplyMs), 1],
  ['offered', 'offered', (row) => row.offered],
  ['replied', 'replied', (row) => row.replied],
  ['cancelled', 'cancelled', (row) => row.cancelled],
  ['held', 'held', (row) => row.held],
  ['no_show', 'noShow', (row) => row.noShow],
  ['disqualified', 'disqualified', (row) => row.disqualified],
  ['handed_off', 'handedOff', (row) => row.handedOff],
  ['declined', 'declined', (row) => row.declined],
  ['unsubscribed', 'unsubscribed', (row) => row.unsubscribed],
  ['stalled', 'stalled', (row) => row.stalled],
  ['median_time_to_booking_seconds', 'medianTimeToBookingSeconds', (row) => seconds(row.medianToBookingMs), 1],
  ['median_time_to_meeting_seconds', 'medianTimeToMeetingSeconds', (row) => seconds(row.medianToMeetingMs), 1],
];

function seconds(ms: number | null): number | null {
  return ms === null ? null : ms / 1000;
}

export function figuresJson(row: ReportFigures): Record<string, number | null> {
  return Object.fromEntries(FIGURES.map(([, json, value]) => [json, value(row)]));
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

/** The key and name, then the figures in FIGURES' order. */
function csv(report: Report): string {
  const header = [report.by, 'name', ...FIGURES.map(([name]) => name)];
  const figure = (row: ReportRow, [, , value, digits]: (typeof FIGURES)[number]) => {
    const number = value(row);
    if (number === null) return '';
    return digits === undefined ? String(number) : number.toFixed(digits);
  };
  const line = (row: ReportRow) => [csvField(row.key), csvField(row.name), ...FIGURES.map((entry) => figure(row, entry))].join(',');
  return [header.join(','), ...report.rows.map(line)].join('\n');
}

function csvField(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
