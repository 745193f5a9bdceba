import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ReportsBenchResult } from '../reports.js';
import { RESULTS_DIR, type Machine, type PartResult } from './results.js';
import { markdownTable } from './table.js';
import { round } from './stats.js';

const FILE = fileURLToPath(new URL('../../BENCHMARKS.md', import.meta.url));
/** Everything below this line is written by people and survives regeneration. */
const ANALYSIS_MARKER = '<!-- Written by hand below this line; `npm run bench` keeps it. -->';
const PARTS = ['ingest', 'first-reply', 'burst', 'slots', 'reports', 'memory', 'postgres'];

type Rendered = Omit<PartResult, 'machine'> & { machine?: Machine };

/** Rebuilds BENCHMARKS.md from every bench/results/<part>.json, keeping the hand-written analysis. */
export function writeBenchmarksMd(): string {
  const parts = PARTS.flatMap((part) => {
    const file = join(RESULTS_DIR, `${part}.json`);
    if (!existsSync(file)) return [];
    const json = JSON.parse(readFileSync(file, 'utf8')) as unknown;
    return [part === 'reports' ? fromReports(json as ReportsBenchResult) : (json as Rendered)];
  });
  const analysis = existsSync(FILE) ? readFileSync(FILE, 'utf8').split(ANALYSIS_MARKER)[1]?.trim() ?? '' : '';
  const machine = parts.find((part) => part.machine)?.machine;
  const lines = [
    '# Benchmarks',
    '',
    'Written by `npm run bench` from `bench/results/*.json` (how to run each part, and what each measures: [bench/README.md](bench/README.md)).',
    machine
      ? `Machine: ${machine.cpus} × ${machine.cpuModel}, ${machine.memoryGb} GB, Linux ${machine.kernel}, Node ${machine.node}, Postfix ${machine.postfix ?? 'not installed'}.`
      : '',
    '',
    ...parts.flatMap((part) => [
      `## ${part.part} — ${part.at.slice(0, 10)}`,
      '',
      ...part.tables.flatMap((table) => [`${table.title}:`, '', markdownTable(table.header, table.rows), '']),
      ...part.goals.map((goal) => `- ${goal.met ? '✅ met' : '❌ missed'}: ${goal.goal} — ${goal.value}`),
      '',
    ]),
    ANALYSIS_MARKER,
    '',
    analysis,
    '',
  ];
  writeFileSync(FILE, lines.join('\n'));
  return FILE;
}

/** The reports part writes its own shape (bench/reports.ts); this puts it in the common one. */
function fromReports(result: ReportsBenchResult): Rendered {
  return {
    part: 'reports',
    at: result.at,
    tables: [
      {
        title: `Reports over ${result.leads.toLocaleString('en')} leads and ${result.bookings.toLocaleString('en')} bookings (SQLite ${result.sqlite})`,
        header: ['case', 'min ms', 'median ms', 'p95 ms', 'max ms'],
        rows: result.cases.map((entry) => [entry.name, entry.minMs, entry.medianMs, entry.p95Ms, entry.maxMs]),
      },
    ],
    goals: [
      { goal: `per-campaign quarter report under ${result.targetMs} ms (median)`, value: `${result.cases[0]?.medianMs} ms`, met: result.pass },
      ...webPageGoal(result),
      ...(result.leadsTargetMs === undefined
        ? []
        : [{
            goal: `first page of /leads under ${result.leadsTargetMs} ms of server time (median)`,
            value: `${result.cases.find((entry) => entry.name.startsWith('/leads, first page'))?.medianMs} ms`,
            met: result.leadsPass,
          }]),
    ],
    details: null,
  };
}

/** Issue 20's goal for the reports page: its data for a quarter under 100 ms, with the report beside it for scale. */
function webPageGoal(result: ReportsBenchResult): Rendered['goals'] {
  const page = result.cases.find((entry) => entry.name.startsWith('web page data'));
  const report = result.cases[0];
  if (!page || !report) return [];
  return [{
    goal: 'web page data for a quarter under 100 ms (median)',
    value: `${page.medianMs} ms, ${round(page.medianMs / report.medianMs, 2)}× the per-campaign report in the same run`,
    met: page.medianMs < 100,
  }];
}
