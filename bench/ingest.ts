/**
 * Part 1, durable SMTP ingest: messages per second answered 250 (and, for the service, found in
 * the store afterwards), against Postfix, the service and a bare smtp-server, with one load
 * generator for all. Each (size, connections) cell runs every target back to back, so disk and
 * machine drift hit them alike; the service gets a fresh process and database per cell.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runLoad, type LoadResult } from './lib/load.js';
import { freePort } from './lib/ports.js';
import { postfixProblem, startPostfix, type PostfixInstance } from './lib/postfix.js';
import { printPart, writePart, type PartResult } from './lib/results.js';
import { startSmtpSink } from './lib/smtp-sink.js';
import { round } from './lib/stats.js';
import { startServiceTarget, startTarget } from './lib/target.js';

const SIZES = [4 * 1024, 200 * 1024];
const CONNECTIONS = [1, 8, 32];
const WARMUP_MS = 500;
const DURATION_MS = 4000;
const MAX_MESSAGES: Record<number, number> = { [4 * 1024]: 20_000, [200 * 1024]: 4_000 };

type TargetName = 'postfix' | 'service' | 'service, no worker' | 'bare smtp-server';
const TARGETS: TargetName[] = ['postfix', 'service', 'service, no worker', 'bare smtp-server'];

interface Cell extends LoadResult {
  target: TargetName;
  /** Rows in the store after the run, for targets that store (null: nothing to count). */
  stored: number | null;
}

export async function runIngestBench(): Promise<PartResult> {
  const problem = postfixProblem();
  if (problem) throw new Error(`ingest: ${problem}`);
  const stops: Array<() => Promise<void>> = [];
  const cells: Cell[] = [];
  let postfix: PostfixInstance;
  try {
    postfix = await startPostfix(await freePort());
    stops.push(() => postfix.stop());
    const sink = await startSmtpSink();
    stops.push(() => sink.stop());
    const bare = await startTarget('bare');
    stops.push(() => bare.stop());
    for (const messageBytes of SIZES) {
      for (const connections of CONNECTIONS) {
        const load = { connections, messageBytes, warmupMs: WARMUP_MS, durationMs: DURATION_MS, maxMessages: MAX_MESSAGES[messageBytes]! };
        for (const target of TARGETS) {
          const cell = await runCell(target, load, { postfix, sinkUrl: sink.url, barePort: bare.smtpPort });
          cells.push(cell);
          console.log(`  ingest ${messageBytes / 1024} KB × ${connections}: ${target} ${cell.perSecond}/s p99 ${cell.latencyMs.p99} ms`);
        }
      }
    }
  } finally {
    for (const stop of stops.reverse()) await stop();
  }
  const result = writePart(summarize(cells, postfix));
  printPart(result);
  return result;
}

async function runCell(
  target: TargetName,
  load: Omit<Parameters<typeof runLoad>[0], 'port'>,
  peers: { postfix: PostfixInstance; sinkUrl: string; barePort: number },
): Promise<Cell> {
  if (target === 'postfix') return { target, stored: null, ...(await runLoad({ ...load, port: peers.postfix.port })) };
  if (target === 'bare smtp-server') return { target, stored: null, ...(await runLoad({ ...load, port: peers.barePort })) };
  const dir = mkdtempSync(join(tmpdir(), 'campaign-agent-ingest-'));
  try {
    const child = await startServiceTarget({ dir, outboundSmtpUrl: peers.sinkUrl, worker: target === 'service' });
    try {
      const result = await runLoad({ ...load, port: child.smtpPort });
      const { stored } = await child.request<{ stored: number }>('counts');
      return { target, stored, ...result };
    } finally {
      await child.stop();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function summarize(cells: Cell[], postfix: PostfixInstance): Omit<PartResult, 'at' | 'machine'> {
  const postfixRate = (cell: Cell) =>
    cells.find((other) => other.target === 'postfix' && other.messageBytes === cell.messageBytes && other.connections === cell.connections)!.perSecond;
  const rows = cells.map((cell) => [
    `${cell.messageBytes / 1024} KB`,
    cell.connections,
    cell.target,
    cell.perSecond,
    round(cell.perSecond / postfixRate(cell), 2),
    cell.latencyMs.p50,
    cell.latencyMs.p99,
    cell.stored === null ? '–' : cell.stored === cell.acceptedTotal ? 'all' : `${cell.stored}/${cell.acceptedTotal}`,
    cell.refused + cell.errors.length === 0 ? '' : `${cell.refused} refused; ${cell.errors.join('; ')}`,
  ]);
  const service = cells.filter((cell) => cell.target === 'service');
  const slowest = Math.min(...service.map((cell) => cell.perSecond / postfixRate(cell)));
  const lost = cells.filter((cell) => cell.stored !== null && cell.stored !== cell.acceptedTotal);
  return {
    part: 'ingest',
    tables: [
      {
        title: `Durable SMTP ingest (${DURATION_MS / 1000} s per cell after ${WARMUP_MS} ms warm-up; accept latency = end of DATA to 250)`,
        header: ['size', 'conns', 'target', 'msg/s', 'vs postfix', 'p50 ms', 'p99 ms', 'stored', 'errors'],
        rows,
      },
    ],
    goals: [
      { goal: 'service ingest at least Postfix\'s rate in every cell', value: `worst cell ${round(slowest, 2)}× Postfix`, met: slowest >= 1 },
      { goal: 'every 250 durably stored', value: lost.length === 0 ? 'all rows present' : `${lost.length} cell(s) short`, met: lost.length === 0 },
    ],
    details: { warmupMs: WARMUP_MS, durationMs: DURATION_MS, maxMessages: MAX_MESSAGES, postfix: { version: postfix.version, settings: postfix.settings }, cells },
  };
}
