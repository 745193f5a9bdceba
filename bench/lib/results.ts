import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, release, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatTable, type Cell } from './table.js';

export const RESULTS_DIR = fileURLToPath(new URL('../results/', import.meta.url));

export interface Machine {
  cpus: number;
  cpuModel: string;
  memoryGb: number;
  kernel: string;
  node: string;
  postfix: string | null;
}

export function machine(): Machine {
  let postfix: string | null = null;
  try {
    postfix = execFileSync('/usr/sbin/postconf', ['-h', 'mail_version'], { encoding: 'utf8' }).trim();
  } catch {
    // Reported as missing; the ingest part explains how to install it.
  }
  return {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    memoryGb: Math.round(totalmem() / 1024 ** 3),
    kernel: release(),
    node: process.version,
    postfix,
  };
}

/** A table as the part printed it, kept in the results file so BENCHMARKS.md can be rebuilt from them. */
export interface ResultTable {
  title: string;
  header: string[];
  rows: Cell[][];
}

/** What every part writes to bench/results/<part>.json. */
export interface PartResult {
  part: string;
  at: string;
  machine: Machine;
  tables: ResultTable[];
  /** One line per goal: what it is, the figure, met or not. */
  goals: Array<{ goal: string; value: string; met: boolean }>;
  /** Settings and raw figures, for whoever wants more than the tables. */
  details: unknown;
}

export function writePart(result: Omit<PartResult, 'at' | 'machine'>): PartResult {
  const full: PartResult = { part: result.part, at: new Date().toISOString(), machine: machine(), tables: result.tables, goals: result.goals, details: result.details };
  const file = join(RESULTS_DIR, `${result.part}.json`);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${compactJson(full)}\n`);
  return full;
}

/** One line for anything short (a table row, a cell, a latency summary), indented otherwise: small files, readable diffs. */
function compactJson(value: unknown, indent = ''): string {
  const line = JSON.stringify(value);
  if (line.length <= 200 || value === null || typeof value !== 'object') return line;
  const inner = `${indent}  `;
  const entries = Array.isArray(value)
    ? value.map((item) => `${inner}${compactJson(item, inner)}`)
    : Object.entries(value).map(([key, item]) => `${inner}${JSON.stringify(key)}: ${compactJson(item, inner)}`);
  const [open, close] = Array.isArray(value) ? ['[', ']'] : ['{', '}'];
  return `${open}\n${entries.join(',\n')}\n${indent}${close}`;
}

export function printPart(result: Pick<PartResult, 'tables' | 'goals'>): void {
  for (const table of result.tables) console.log(`\n${table.title}\n${formatTable(table.header, table.rows)}`);
  for (const goal of result.goals) console.log(`goal: ${goal.goal}: ${goal.value} — ${goal.met ? 'met' : 'MISSED'}`);
}
