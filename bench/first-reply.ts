/**
 * Part 2, time to first reply: 500 prospects write within a minute, each from its own loopback
 * address and connection, paced evenly; for each, the time from the service's 250 to its reply
 * being accepted by a loopback relay. Once with the rules engine, once with a fake LLM that
 * answers after 800 ms. Both run against the service in its own process with local calendars.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFakeOpenAI, delay, toolCall, type FakeOpenAI } from '../test/support/fake-openai.js';
import { CAMPAIGN, firstContact, prospect } from './lib/messages.js';
import { printPart, writePart, type PartResult } from './lib/results.js';
import { SmtpClient } from './lib/smtp-client.js';
import { percentile, round, sleep } from './lib/stats.js';
import { startServiceTarget } from './lib/target.js';
import { startTimingSink } from './lib/timing-sink.js';

const PROSPECTS = 500;
const SPREAD_MS = 60_000;
/** After the last prospect wrote, replies still missing after this long count as not answered. */
const REPLY_WAIT_MS = 30_000;
const LLM_DELAY_MS = 800;
const MESSAGE_BYTES = 3 * 1024;
const GOAL_WITHOUT_LLM_MS = 1000;
const GOAL_LLM_OVERHEAD_MS = 200;

export interface ModeResult {
  mode: 'rules engine' | 'fake LLM (800 ms)';
  accepted: number;
  answered: number;
  /** Sorted; a prospect with no reply in time counts as Infinity. */
  latencies: number[];
  llmRequests: number | null;
  errors: string[];
}

export async function runFirstReplyBench(): Promise<PartResult> {
  const rules = await runFirstReplies(null);
  const fake = await startFakeOpenAI({ respond: () => delay(LLM_DELAY_MS, toolCall({ intent: 'request_times', language: 'en' })) });
  let llm: ModeResult;
  try {
    llm = await runFirstReplies(fake);
  } finally {
    await fake.close();
  }
  const result = writePart(summarize([rules, llm]));
  printPart(result);
  return result;
}

/** The pace and the engine; by default this part's own: 500 prospects over a minute, SQLite. */
export interface FirstReplyLoad {
  prospects: number;
  spreadMs: number;
  /** A postgres:// URL: the service on that PostgreSQL database. */
  databaseUrl?: string;
}

export async function runFirstReplies(fake: FakeOpenAI | null, load: FirstReplyLoad = { prospects: PROSPECTS, spreadMs: SPREAD_MS }): Promise<ModeResult> {
  const mode = fake ? 'fake LLM (800 ms)' : 'rules engine';
  const dir = mkdtempSync(join(tmpdir(), 'campaign-agent-first-reply-'));
  const sink = await startTimingSink();
  const service = await startServiceTarget({
    dir,
    outboundSmtpUrl: sink.url,
    ...(fake ? { openaiBaseUrl: fake.baseUrl } : {}),
    ...(load.databaseUrl ? { databaseUrl: load.databaseUrl } : {}),
  });
  const acceptedAt = new Map<string, number>();
  const errors: string[] = [];
  try {
    const started = performance.now();
    const sends: Promise<void>[] = [];
    for (let i = 0; i < load.prospects; i++) {
      await sleep(started + (i * load.spreadMs) / load.prospects - performance.now());
      sends.push(
        writeAsProspect(service.smtpPort, i).then(
          (at) => void acceptedAt.set(prospect(i), at),
          (error: Error) => void (errors.length < 5 && errors.push(error.message)),
        ),
      );
      if (i % 100 === 99) console.log(`  first reply (${mode}): ${i + 1} prospects written, ${sink.firstAt.size} answered`);
    }
    await Promise.all(sends);
    await sink.waitFor(acceptedAt.size, REPLY_WAIT_MS);
  } finally {
    await service.stop();
    await sink.close();
    rmSync(dir, { recursive: true, force: true });
  }
  const latencies = [...acceptedAt].map(([address, at]) => (sink.firstAt.get(address) ?? Number.POSITIVE_INFINITY) - at).sort((a, b) => a - b);
  return {
    mode,
    accepted: acceptedAt.size,
    answered: latencies.filter(Number.isFinite).length,
    latencies,
    llmRequests: fake ? fake.requests.length : null,
    errors,
  };
}

/** One prospect's MTA: its own loopback address (as distinct senders have distinct IPs), one message. */
async function writeAsProspect(port: number, n: number): Promise<number> {
  const client = await SmtpClient.open(port, { localAddress: `127.0.${1 + Math.floor(n / 250)}.${1 + (n % 250)}` });
  try {
    const { reply } = await client.deliver({ from: prospect(n), to: CAMPAIGN }, firstContact({ n, bytes: MESSAGE_BYTES }));
    if (reply.code !== 250) throw new Error(`prospect ${n}: ${reply.code} ${reply.text}`);
    return performance.now();
  } finally {
    await client.quit();
  }
}

function ms(value: number): string | number {
  return Number.isFinite(value) ? Math.round(value) : `> ${REPLY_WAIT_MS / 1000} s`;
}

function summarize(modes: ModeResult[]): Omit<PartResult, 'at' | 'machine'> {
  const at = (mode: ModeResult, share: number) => percentile(mode.latencies, share);
  const [rules, llm] = modes as [ModeResult, ModeResult];
  const llmOverhead = at(llm, 0.95) - LLM_DELAY_MS;
  return {
    part: 'first-reply',
    tables: [
      {
        title: `Time to first reply: ${PROSPECTS} prospects over ${SPREAD_MS / 1000} s, 250 → reply accepted by the relay (ms)`,
        header: ['engine', 'accepted', 'answered', 'min', 'p50', 'p95', 'p99', 'max', 'LLM calls'],
        rows: modes.map((mode) => [
          mode.mode,
          mode.accepted,
          mode.answered,
          ms(mode.latencies[0] ?? Number.NaN),
          ms(at(mode, 0.5)),
          ms(at(mode, 0.95)),
          ms(at(mode, 0.99)),
          ms(mode.latencies.at(-1) ?? Number.NaN),
          mode.llmRequests,
        ]),
      },
    ],
    goals: [
      {
        goal: `p95 under ${GOAL_WITHOUT_LLM_MS} ms with the rules engine`,
        value: `p95 ${ms(at(rules, 0.95))} ms`,
        met: at(rules, 0.95) < GOAL_WITHOUT_LLM_MS && rules.answered === rules.accepted,
      },
      {
        goal: `p95 under the LLM's ${LLM_DELAY_MS} ms + ${GOAL_LLM_OVERHEAD_MS} ms with the LLM`,
        value: Number.isFinite(llmOverhead) ? `p95 ${ms(at(llm, 0.95))} ms (LLM + ${Math.round(llmOverhead)} ms)` : `p95 ${ms(at(llm, 0.95))}`,
        met: llmOverhead < GOAL_LLM_OVERHEAD_MS && llm.answered === llm.accepted,
      },
    ],
    details: {
      prospects: PROSPECTS,
      spreadMs: SPREAD_MS,
      replyWaitMs: REPLY_WAIT_MS,
      llmDelayMs: LLM_DELAY_MS,
      messageBytes: MESSAGE_BYTES,
      modes: modes.map(({ latencies, ...rest }) => ({ ...rest, latencyMs: summaryOf(latencies) })),
    },
  };
}

function summaryOf(sorted: number[]) {
  const value = (x: number) => (Number.isFinite(x) ? round(x) : null);
  return { min: value(sorted[0] ?? Number.NaN), p50: value(percentile(sorted, 0.5)), p95: value(percentile(sorted, 0.95)), p99: value(percentile(sorted, 0.99)), max: value(sorted.at(-1) ?? Number.NaN) };
}
