import type { FunnelStage, ReportFigures } from '../core/report.js';
import type { Report } from './campaign-report.js';
import { duration, percent, windowLabel } from './units.js';

/** Plain-text report for a terminal: every line fits in 80 columns. */
const WIDTH = 80;
const GAP = '  ';

interface Column {
  title: string;
  cell(row: ReportFigures): string;
}

const count = (title: string, pick: (row: ReportFigures) => number): Column => ({ title, cell: (row) => String(pick(row)) });

const SECTIONS: Array<{ title: string; columns: Column[] }> = [
  {
    title: 'Leads and meetings',
    columns: [
      count('leads', (row) => row.leads),
      count('booked', (row) => row.booked),
      { title: 'booking rate', cell: (row) => percent(row.bookingRate) },
      { title: 'median first reply', cell: (row) => duration(row.medianFirstReplyMs) },
    ],
  },
  {
    title: 'Meetings',
    columns: [
      count('booked', (row) => row.booked),
      count('cancelled', (row) => row.cancelled),
      count('held', (row) => row.held),
      count('no-show', (row) => row.noShow),
      count('disqualified', (row) => row.disqualified),
    ],
  },
  {
    title: 'Median time from the first message',
    columns: [
      { title: 'to first reply', cell: (row) => duration(row.medianFirstReplyMs) },
      { title: 'to booking', cell: (row) => duration(row.medianToBookingMs) },
      { title: 'to meeting', cell: (row) => duration(row.medianToMeetingMs) },
    ],
  },
  {
    title: 'Conversations',
    columns: [
      count('offered', (row) => row.offered),
      count('handed off', (row) => row.handedOff),
      count('declined', (row) => row.declined),
      count('unsubscribed', (row) => row.unsubscribed),
      count('stalled', (row) => row.stalled),
    ],
  },
];

export function reportTable(report: Report): string {
  const lines = [heading(report), ''];
  for (const section of SECTIONS) {
    lines.push(`${section.title}:`, ...grid(report, section.columns), '');
  }
  if (report.disqualifiedReasons.length > 0) {
    lines.push(...wrap(`Disqualified: ${report.disqualifiedReasons.map((entry) => `${entry.reason} ${entry.count}`).join(', ')}`));
  }
  return lines.join('\n').trimEnd();
}

export function funnelTable(report: Report): string {
  const barWidth = 40;
  const labelWidth = Math.max(...report.funnel.map((stage) => stage.stage.length));
  const countWidth = Math.max(...report.funnel.map((stage) => String(stage.count).length));
  const bars = report.funnel.map(
    (stage: FunnelStage) =>
      `${stage.stage.padEnd(labelWidth)}${GAP}${String(stage.count).padStart(countWidth)}${GAP}` +
      `${'█'.repeat(Math.round((stage.share ?? 0) * barWidth)).padEnd(barWidth)}${GAP}${percent(stage.share).padStart(7)}`,
  );
  const columns: Column[] = [
    count('leads', (row) => row.leads),
    count('offered', (row) => row.offered),
    count('booked', (row) => row.booked),
    count('held', (row) => row.held),
    { title: 'held/leads', cell: (row) => percent(row.leads === 0 ? null : row.held / row.leads) },
  ];
  return [heading(report, 'Funnel of leads'), '', ...bars, '', ...grid(report, columns)].join('\n');
}

function heading(report: Report, subject = 'Leads'): string {
  const scope = report.campaign ?? 'all campaigns';
  return wrap(`${subject} first received ${windowLabel(report.since, report.until)}, ${scope}`).join('\n');
}

/** The group column takes what the others leave of 80 columns; longer keys are cut with "…". */
function grid(report: Report, columns: Column[]): string[] {
  const rows = report.rows.map((row) => ({ key: row.key, figures: row as ReportFigures }));
  if (rows.length > 1) rows.push({ key: 'total', figures: report.total });
  const cells = rows.map((row) => columns.map((column) => column.cell(row.figures)));
  const widths = columns.map((column, index) => Math.max(column.title.length, ...cells.map((cell) => cell[index]!.length)));
  const room = WIDTH - widths.reduce((sum, width) => sum + GAP.length + width, 0);
  const keyWidth = Math.max(8, Math.min(room, Math.max(report.by.length, ...rows.map((row) => row.key.length))));
  const line = (key: string, values: readonly string[]) =>
    [fit(key, keyWidth), ...values.map((value, index) => value.padStart(widths[index]!))].join(GAP);
  return [
    line(report.by, columns.map((column) => column.title)),
    line('-'.repeat(keyWidth), widths.map((width) => '-'.repeat(width))),
    ...rows.map((row, index) => line(row.key, cells[index]!)),
  ];
}

function fit(text: string, width: number): string {
  return text.length <= width ? text.padEnd(width) : `${text.slice(0, width - 1)}…`;
}

function wrap(text: string): string[] {
  const lines: string[] = [];
  let current = '';
  for (const word of text.split(' ')) {
    if (current && current.length + 1 + word.length > WIDTH) {
      lines.push(current);
      current = word;
    } else current = current ? `${current} ${word}` : word;
  }
  return [...lines, current];
}
