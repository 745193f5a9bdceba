import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { machineCpuSeconds, postgresCpuSeconds, processCpuSeconds, type MachineCpu } from './cpu.js';
import { runLoad } from './load.js';
import { onServer } from './postgres-server.js';
import { percentile, round, sleep } from './stats.js';
import { startServiceTarget, type Target } from './target.js';
import { startTimingSink } from './timing-sink.js';

const CONNECTIONS = 8;
const MESSAGE_BYTES = 4 * 1024;
const SAMPLE_MS = 250;
/** lib/messages.ts's prospects, not the reps the service may also write to. */
const PROSPECT = /^prospect-\d+@example\.com$/;
/** Past this long the rest of the backlog counts as not answered: the case stays bounded. */
export const DRAIN_LIMIT_MS = 120_000;

export interface DrainCase {
  engine: 'SQLite' | 'PostgreSQL';
  workers: number;
  /** 250s of the backlog, and how fast they came (a listener alone, 8 connections). */
  arrived: number;
  arrivalPerSecond: number;
  answered: number;
  /** Prospects the relay got more than one mail for: a first contact answered twice. */
  answeredTwice: number;
  /** First replies per second between the 10th and the 90th percentile reply (start-up and tail left out). */
  perSecond: number;
  /** From asking the workers to start to the first and to the last reply. */
  firstReplyS: number;
  lastReplyS: number;
  /** Cores busy in the 10–90 % window: the workers' processes (both threads), the server, the machine (others' work included). */
  cores: { workers: number; postgres: number | null; machine: number; iowait: number };
  /**
   * Per first contact answered, over the whole drain (PostgreSQL's counters; null on SQLite):
   * transactions committed (a statement outside a transaction is one too) and WAL fsyncs.
   */
  commitsPerReply: number | null;
  walSyncsPerReply: number | null;
  /** What the service's PostgreSQL sessions were doing, as shares of the samples in the window. */
  sessions: Array<{ what: string; share: number }>;
}

interface Sample {
  at: number;
  workers: number;
  postgres: number;
  machine: MachineCpu;
  sessions: Map<string, number>;
}

/**
 * A backlog of `contacts` distinct first contacts taken by a listener alone (`serve --no-worker`),
 * then drained by `workers` worker nodes (`serve --role worker`, their own processes) started
 * together on the same database, every reply timed at a loopback relay.
 */
export async function runDrainCase(input: { workers: number; contacts: number; postgres: { url: string; pid: number | null } | null }): Promise<DrainCase> {
  const dir = mkdtempSync(join(tmpdir(), 'campaign-agent-drain-'));
  const sink = await startTimingSink();
  const databaseUrl = input.postgres?.url;
  // Every node in one folder: on SQLite that is the one database file they share.
  const node = (extra: object) => startServiceTarget({ dir, outboundSmtpUrl: sink.url, ...(databaseUrl ? { databaseUrl } : {}), ...extra });
  const nodes: Target[] = [];
  try {
    const listener = await node({ worker: false });
    const arrival = await runLoad({ port: listener.smtpPort, connections: CONNECTIONS, messageBytes: MESSAGE_BYTES, warmupMs: 0, durationMs: 60_000, maxMessages: input.contacts }).finally(() => listener.stop());
    const counters = databaseUrl ? await postgresCounters(databaseUrl) : null;
    const started = performance.now();
    nodes.push(...(await Promise.all(Array.from({ length: input.workers }, () => node({ roles: ['worker'] })))));
    const samples = await sampleUntil(() => sink.firstAt.size >= arrival.acceptedTotal || performance.now() - started > DRAIN_LIMIT_MS, {
      pids: nodes.map((target) => target.pid),
      postgres: input.postgres,
    });
    // Stopped before counting: a send in flight ends (or is kept for later) as the node closes.
    await Promise.all(nodes.splice(0).map((target) => target.stop()));
    const replies = [...sink.firstAt.values()].sort((a, b) => a - b);
    const after = databaseUrl ? await postgresCounters(databaseUrl) : null;
    const from = percentile(replies, 0.1);
    const to = percentile(replies, 0.9);
    const window = inWindow(samples, from, to);
    const perReply = (key: 'commits' | 'walSyncs') => (counters && after && replies.length > 0 ? round((after[key] - counters[key]) / replies.length, 2) : null);
    return {
      engine: databaseUrl ? 'PostgreSQL' : 'SQLite',
      workers: input.workers,
      arrived: arrival.acceptedTotal,
      arrivalPerSecond: arrival.perSecond,
      answered: replies.length,
      answeredTwice: [...sink.deliveries].filter(([address, count]) => PROSPECT.test(address) && count > 1).length,
      perSecond: to > from ? Math.round((replies.filter((at) => at >= from && at <= to).length - 1) / ((to - from) / 1000)) : 0,
      firstReplyS: round(((replies[0] ?? Number.NaN) - started) / 1000),
      lastReplyS: round(((replies.at(-1) ?? Number.NaN) - started) / 1000),
      cores: window.cores(Boolean(input.postgres?.pid)),
      commitsPerReply: perReply('commits'),
      walSyncsPerReply: perReply('walSyncs'),
      sessions: window.sessions,
    };
  } finally {
    await Promise.all(nodes.map((target) => target.stop()));
    await sink.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Transactions committed in the database and WAL flushes to disk (cluster-wide; nothing else runs on the server). */
async function postgresCounters(url: string): Promise<{ commits: number; walSyncs: number }> {
  // A session's counters reach the shared statistics within a second of its last transaction.
  await sleep(1100);
  const [row] = await onServer(
    url,
    `SELECT (SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()) AS commits, (SELECT wal_sync FROM pg_stat_wal) AS walsyncs`,
  );
  return { commits: Number(row!.commits), walSyncs: Number(row!.walsyncs) };
}

async function sampleUntil(done: () => boolean, watch: { pids: number[]; postgres: { url: string; pid: number | null } | null }): Promise<Sample[]> {
  const client = watch.postgres ? new pg.Client({ connectionString: watch.postgres.url }) : null;
  await client?.connect();
  const samples: Sample[] = [];
  try {
    while (!done()) {
      const sessions = new Map<string, number>();
      if (client) {
        const { rows } = await client.query<{ what: string; n: number }>(
          // A lock wait names the statement that waits: which row the nodes queue for is the finding.
          `SELECT CASE
                    WHEN state <> 'active' THEN state
                    WHEN wait_event_type = 'Lock' THEN 'Lock: ' || wait_event || ' in ' || left(regexp_replace(query, '\\s+', ' ', 'g'), 48) || '…'
                    ELSE coalesce(wait_event_type || ': ' || wait_event, 'running')
                  END AS what, count(*)::int AS n
             FROM pg_stat_activity
            WHERE datname = current_database() AND application_name = 'campaign-agent' AND state <> 'idle'
            GROUP BY 1`,
        );
        for (const row of rows) sessions.set(row.what, row.n);
      }
      samples.push({
        at: performance.now(),
        workers: watch.pids.reduce((sum, pid) => sum + processCpuSeconds(pid), 0),
        postgres: watch.postgres?.pid ? postgresCpuSeconds(watch.postgres.pid) : 0,
        machine: machineCpuSeconds(),
        sessions,
      });
      await sleep(SAMPLE_MS);
    }
  } finally {
    await client?.end();
  }
  return samples;
}

/** The samples nearest the window's ends give its CPU; those within it, what the sessions did. */
function inWindow(samples: Sample[], from: number, to: number) {
  const first = samples.find((sample) => sample.at >= from) ?? samples[0];
  const last = [...samples].reverse().find((sample) => sample.at <= to) ?? samples.at(-1);
  const seconds = first && last && last.at > first.at ? (last.at - first.at) / 1000 : Number.NaN;
  const totals = new Map<string, number>();
  let seen = 0;
  for (const sample of samples.filter((entry) => entry.at >= from && entry.at <= to)) {
    for (const [what, n] of sample.sessions) {
      totals.set(what, (totals.get(what) ?? 0) + n);
      seen += n;
    }
  }
  return {
    cores: (postgres: boolean) => ({
      workers: round((last!.workers - first!.workers) / seconds, 2),
      postgres: postgres ? round((last!.postgres - first!.postgres) / seconds, 2) : null,
      machine: round((last!.machine.busy - first!.machine.busy) / seconds, 2),
      iowait: round((last!.machine.iowait - first!.machine.iowait) / seconds, 2),
    }),
    sessions: [...totals]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 4)
      .map(([what, n]) => ({ what, share: round(n / seen, 2) })),
  };
}
