import type { ReportRow } from './campaign-report.js';

export type ReportFormat = 'table' | 'csv' | 'json';

const COLUMNS = ['campaign', 'leads', 'booked', 'booking rate', 'median first reply'] as const;

export function formatReport(rows: readonly ReportRow[], format: ReportFormat): string {
  switch (format) {
    case 'json':
      return JSON.stringify(
        rows.map((row) => ({
          campaign: row.campaign,
          name: row.name,
          leads: row.leads,
          booked: row.booked,
          bookingRate: row.bookingRate,
          medianFirstReplySeconds: row.medianFirstReplyMs === null ? null : row.medianFirstReplyMs / 1000,
        })),
        null,
        2,
      );
    case 'csv':
      return [
        'campaign,name,leads,booked,booking_rate,median_first_reply_seconds',
        ...rows.map((row) =>
          [
            row.campaign,
            csvField(row.name),
            row.leads,
            row.booked,
            row.bookingRate === null ? '' : row.bookingRate.toFixed(4),
            row.medianFirstReplyMs === null ? '' : (row.medianFirstReplyMs / 1000).toFixed(1),
          ].join(','),
        ),
      ].join('\n');
    case 'table':
      return table(rows);
  }
}

function table(rows: readonly ReportRow[]): string {
  const cells = rows.map((row) => [
    row.campaign,
    String(row.leads),
    String(row.booked),
    row.bookingRate === null ? '–' : `${(row.bookingRate * 100).toFixed(1)} %`,
    row.medianFirstReplyMs === null ? '–' : duration(row.medianFirstReplyMs),
  ]);
  const widths = COLUMNS.map((title, index) => Math.max(title.length, ...cells.map((cell) => cell[index]!.length)));
  const line = (values: readonly string[]) =>
    values.map((value, index) => (index === 0 ? value.padEnd(widths[index]!) : value.padStart(widths[index]!))).join('  ');
  return [line(COLUMNS), line(widths.map((width) => '-'.repeat(width))), ...cells.map(line)].join('\n');
}

/** "0.8 s", "42 s", "3 min", "2.5 h" */
export function duration(ms: number): string {
  const seconds = ms / 1000;
  if (seconds < 10) return `${seconds.toFixed(1)} s`;
  if (seconds < 120) return `${Math.round(seconds)} s`;
  if (seconds < 7200) return `${Math.round(seconds / 60)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}

function csvField(value: string): string {
  return /[",\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
