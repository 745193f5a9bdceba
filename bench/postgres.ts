/**
 * The PostgreSQL engine beside SQLite's, in one run on one machine (issues 16 and 20): SMTP
 * ingest into the service, time to first reply under light load (rules engine), and the drain
 * of a backlog of first contacts by one and by two worker nodes on one PostgreSQL database.
 * The server is the bench's own (lib/postgres-server.ts), or the one PG_URL names; every case
 * gets a fresh database, as every SQLite case gets a fresh file.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runFirstReplies, type ModeResult } from './first-reply.js';
import { DRAIN_LIMIT_MS, runDrainCase, type DrainCase } from './lib/drain.js';
import { runLoad, type LoadResult } from './lib/load.js';
import { startPostgresServer, type PostgresServer } from './lib/postgres-server.js';
import { printPart, writePart, type PartResult } from './lib/results.js';
import { percentile, round } from './lib/stats.js';
import { startServiceTarget } from './lib/target.js';
import { startTimingSink } from './lib/timing-sink.js';

type Engine = 'SQLite' | 'PostgreSQL';
const ENGINES: Engine[] = ['SQLite', 'PostgreSQL'];
const INGEST_CELLS = [
  { messageBytes: 4 * 1024, connections: 1 },
  { messageBytes: 4 * 1024, connections: 8 },
  { messageBytes: 4 * 1024, connections: 32 },
  { messageBytes: 200 * 1024, connections: 8 },
];
const INGEST = { warmupMs: 500, durationMs: 4000, maxMessages: 20_000 };
/** The first-reply part's pace (500 in a minute), for half as long. */
const FIRST_REPLY = { prospects: 250, spreadMs: 30_000 };
const DRAIN_CONTACTS = 1000;
const DRAIN_CASES: Array<{ engine: Engine; workers: number }> = [
  { engine: 'SQLite', workers: 1 },
  { engine: 'PostgreSQL', workers: 1 },
  { engine: 'PostgreSQL', workers: 2 },
];
const FIRST_REPLY_GOAL_MS = 1000;
/** Issue 20: a second worker on the same database adds at least 0.6 of the first one's drain. */
const SCALING_GOAL = 1.6;

interface IngestCell extends LoadResult {
  engine: Engine;
  stored: number;
}

export async function runPostgresBench(): Promise<PartResult> {
  const server = await startPostgresServer();
  const ingest: IngestCell[] = [];
  const replies: Array<ModeResult & { engine: Engine }> = [];
  const drains: DrainCase[] = [];
  try {
    for (const cell of INGEST_CELLS) {
      for (const engine of ENGINES) {
        ingest.push(await onEngine(server, engine, (databaseUrl) => ingestCell(engine, cell, databaseUrl)));
        const done = ingest.at(-1)!;
        console.log(`  ingest ${cell.messageBytes / 1024} KB × ${cell.connections}: ${engine} ${done.perSecond}/s p99 ${done.latencyMs.p99} ms`);
      }
    }
    for (const engine of ENGINES) {
      const result = await onEngine(server, engine, (databaseUrl) => runFirstReplies(null, { ...FIRST_REPLY, ...(databaseUrl ? { databaseUrl } : {}) }));
      replies.push({ ...result, engine });
    }
    for (const { engine, workers } of DRAIN_CASES) {
      const drain = await onEngine(server, engine, (databaseUrl) =>
        runDrainCase({ workers, contacts: DRAIN_CONTACTS, postgres: databaseUrl ? { url: databaseUrl, pid: server.pid } : null }),
      );
      drains.push(drain);
      console.log(`  drain ${engine}, ${workers} worker(s): ${drain.answered}/${drain.arrived} answered, ${drain.perSecond}/s`);
    }
  } finally {
    await server.stop();
  }
  const result = writePart(summarize(server, ingest, replies, drains));
  printPart(result);
  return result;
}

/** A fresh database for a PostgreSQL case, dropped after it; SQLite cases make their own file. */
async function onEngine<T>(server: PostgresServer, engine: Engine, run: (databaseUrl: string | null) => Promise<T>): Promise<T> {
  if (engine === 'SQLite') return run(null);
  const database = await server.createDatabase();
  try {
    return await run(database.url);
  } finally {
    await database.drop();
  }
}

async function ingestCell(engine: Engine, cell: { messageBytes: number; connections: number }, databaseUrl: string | null): Promise<IngestCell> {
  const dir = mkdtempSync(join(tmpdir(), 'campaign-agent-pg-ingest-'));
  const sink = await startTimingSink();
  try {
    const service = await startServiceTarget({ dir, outboundSmtpUrl: sink.url, ...(databaseUrl ? { databaseUrl } : {}) });
    try {
      const result = await runLoad({ ...INGEST, ...cell, port: service.smtpPort });
      const { stored } = await service.request<{ stored: number }>('counts');
      return { engine, stored, ...result };
    } finally {
      await service.stop();
    }
  } finally {
    await sink.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

function summarize(server: PostgresServer, ingest: IngestCell[], replies: Array<ModeResult & { engine: Engine }>, drains: DrainCase[]): Omit<PartResult, 'at' | 'machine'> {
  const sqliteRate = (cell: IngestCell) =>
    ingest.find((other) => other.engine === 'SQLite' && other.messageBytes === cell.messageBytes && other.connections === cell.connections)!.perSecond;
  const p95 = (mode: ModeResult) => percentile(mode.latencies, 0.95);
  const ms = (value: number) => (Number.isFinite(value) ? Math.round(value) : '> 30 s');
  const oneWorker = drains.find((drain) => drain.engine === 'PostgreSQL' && drain.workers === 1)!;
  const twoWorkers = drains.find((drain) => drain.engine === 'PostgreSQL' && drain.workers === 2)!;
  const scaling = round(twoWorkers.perSecond / oneWorker.perSecond, 2);
  const postgresReplies = replies.find((mode) => mode.engine === 'PostgreSQL')!;
  const lost = ingest.filter((cell) => cell.stored !== cell.acceptedTotal);
  const twice = drains.filter((drain) => drain.answeredTwice > 0);
  const unfinished = drains.filter((drain) => drain.answered !== drain.arrived);
  return {
    part: 'postgres',
    tables: [
      {
        title: `SMTP ingest into the service, worker on (${INGEST.durationMs / 1000} s per cell after ${INGEST.warmupMs} ms warm-up; accept latency = end of DATA to 250)`,
        header: ['size', 'conns', 'engine', 'msg/s', 'vs SQLite', 'p50 ms', 'p99 ms', 'stored'],
        rows: ingest.map((cell) => [
          `${cell.messageBytes / 1024} KB`,
          cell.connections,
          cell.engine,
          cell.perSecond,
          round(cell.perSecond / sqliteRate(cell), 2),
          cell.latencyMs.p50,
          cell.latencyMs.p99,
          cell.stored === cell.acceptedTotal ? 'all' : `${cell.stored}/${cell.acceptedTotal}`,
        ]),
      },
      {
        title: `Time to first reply, rules engine: ${FIRST_REPLY.prospects} prospects over ${FIRST_REPLY.spreadMs / 1000} s, 250 → reply accepted by the relay (ms)`,
        header: ['engine', 'accepted', 'answered', 'min', 'p50', 'p95', 'p99', 'max'],
        rows: replies.map((mode) => [
          mode.engine,
          mode.accepted,
          mode.answered,
          ms(mode.latencies[0] ?? Number.NaN),
          ms(percentile(mode.latencies, 0.5)),
          ms(p95(mode)),
          ms(percentile(mode.latencies, 0.99)),
          ms(mode.latencies.at(-1) ?? Number.NaN),
        ]),
      },
      {
        title: `Drain of a backlog: ${DRAIN_CONTACTS.toLocaleString('en')} distinct first contacts taken by a listener alone over 8 connections, then worker nodes started on the same database (replies/s between the 10th and 90th percentile reply; cores busy in that window)`,
        header: ['engine', 'workers', '250s/s', 'answered', 'answered twice', 'replies/s', 'vs 1 worker', 'last reply s', 'workers cores', 'postgres cores', 'machine cores', 'transactions/reply', 'WAL fsyncs/reply', 'PostgreSQL sessions were'],
        rows: drains.map((drain) => [
          drain.engine,
          drain.workers,
          drain.arrivalPerSecond,
          `${drain.answered}/${drain.arrived}`,
          drain.answeredTwice,
          drain.perSecond,
          drain.engine === 'PostgreSQL' ? round(drain.perSecond / oneWorker.perSecond, 2) : null,
          drain.lastReplyS,
          drain.cores.workers,
          drain.cores.postgres,
          drain.cores.machine,
          drain.commitsPerReply,
          drain.walSyncsPerReply,
          drain.sessions.map((entry) => `${entry.what} ${Math.round(entry.share * 100)} %`).join('; ') || null,
        ]),
      },
    ],
    goals: [
      { goal: 'every 250 durably stored, both engines', value: lost.length === 0 ? 'all rows present' : `${lost.length} cell(s) short`, met: lost.length === 0 },
      {
        goal: `first-reply p95 under ${FIRST_REPLY_GOAL_MS} ms on PostgreSQL (rules engine)`,
        value: `p95 ${ms(p95(postgresReplies))} ms (SQLite ${ms(p95(replies.find((mode) => mode.engine === 'SQLite')!))} ms)`,
        met: p95(postgresReplies) < FIRST_REPLY_GOAL_MS && postgresReplies.answered === postgresReplies.accepted,
      },
      {
        goal: `2 workers ≥ ${SCALING_GOAL}× one worker's drain on the same PostgreSQL database`,
        value: `${scaling}× (${twoWorkers.perSecond} against ${oneWorker.perSecond} replies/s)`,
        met: scaling >= SCALING_GOAL,
      },
      {
        goal: 'no first contact answered twice, one worker or two',
        value: twice.length === 0 ? 'one reply per prospect answered in every drain' : twice.map((drain) => `${drain.engine} × ${drain.workers}: ${drain.answeredTwice} prospects`).join('; '),
        met: twice.length === 0,
      },
      {
        goal: `every backlog drained within ${DRAIN_LIMIT_MS / 1000} s`,
        value: unfinished.length === 0 ? 'all answered' : unfinished.map((drain) => `${drain.engine} × ${drain.workers}: ${drain.answered} of ${drain.arrived}`).join('; '),
        met: unfinished.length === 0,
      },
    ],
    details: {
      postgres: { version: server.version, settings: server.settings, ownServer: server.pid !== null },
      ingest: { ...INGEST, cells: ingest },
      firstReply: { ...FIRST_REPLY, modes: replies.map(({ latencies, ...rest }) => ({ ...rest, p50: ms(percentile(latencies, 0.5)), p95: ms(percentile(latencies, 0.95)) })) },
      drains,
    },
  };
}
