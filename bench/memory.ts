/**
 * Part 5, memory of the service process: idle, receiving 10,000 messages and then processing
 * them (worker running), and one 25 MB message, received (to its 250, with and without SIZE=
 * announced) and then processed.
 * Peaks of resident memory come from the kernel (VmHWM, reset before each phase); heap and
 * Buffer figures from the process itself.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MemorySnapshot } from './targets/ipc.js';
import { runLoad } from './lib/load.js';
import { CAMPAIGN, firstContact, prospect } from './lib/messages.js';
import { printPart, writePart, type PartResult } from './lib/results.js';
import { SmtpClient } from './lib/smtp-client.js';
import { startSmtpSink } from './lib/smtp-sink.js';
import { MB, round, sleep } from './lib/stats.js';
import { peakRss, resetPeakRss, startServiceTarget, type Target } from './lib/target.js';

const MESSAGES = 10_000;
const CONNECTIONS = 8;
const MESSAGE_BYTES = 4 * 1024;
const LOAD_LIMIT_MS = 120_000;
/** The pipeline is slower than ingest: it gets this long to work through the backlog, no more. */
const DRAIN_LIMIT_MS = 60_000;
const BIG_BYTES = 25 * MB;
const SETTLE_MS = 2000;

interface Counts {
  stored: number;
  pending: number;
}

interface Row {
  phase: string;
  now: MemorySnapshot;
  /** rss: the kernel's high-water mark; heap and Buffers: the sampled peaks (a lower bound). */
  peak: MemorySnapshot;
  note: string;
}

export async function runMemoryBench(): Promise<PartResult> {
  const sink = await startSmtpSink();
  const rows: Row[] = [];
  let ratios: Ratios;
  try {
    const many = await afterManyMessages(sink.url);
    rows.push(...many);
    const big = await aroundOneBigMessage(sink.url, many[0]!);
    rows.push(...big.rows);
    ratios = big.ratios;
  } finally {
    await sink.stop();
  }
  const result = writePart({
    part: 'memory',
    tables: [
      {
        title: 'Service memory in MB (now = at the end of the phase; peak = highest during it)',
        header: ['phase', 'RSS', 'peak RSS', 'heap', 'peak heap', 'Buffers', 'peak Buffers', 'note'],
        rows: rows.map((row) => [
          row.phase, mb(row.now.rss), mb(row.peak.rss), mb(row.now.heapUsed), mb(row.peak.heapUsed), mb(row.now.external), mb(row.peak.external), row.note,
        ]),
      },
    ],
    goals: [
      {
        goal: `a ${BIG_BYTES / MB} MB message held about once while received (peak RSS growth ≤ 1.5× its size)`,
        value: `peak RSS grew by ${ratios.announced}× the message size receiving with SIZE=, ${ratios.unannounced}× without, ${ratios.processing}× processing`,
        met: Math.max(ratios.announced, ratios.unannounced) <= 1.5,
      },
    ],
    details: { messages: MESSAGES, connections: CONNECTIONS, messageBytes: MESSAGE_BYTES, drainLimitMs: DRAIN_LIMIT_MS, bigBytes: BIG_BYTES, ratios, rows },
  });
  printPart(result);
  return result;
}

async function afterManyMessages(sinkUrl: string): Promise<Row[]> {
  return inTempDir((dir) =>
    withService({ dir, sinkUrl, worker: true }, async (service) => {
      const idle = await phase(service, 'idle, worker on', () => sleep(SETTLE_MS));
      let accepted = 0;
      const load = await phase(service, `receiving ${MESSAGES.toLocaleString('en')} messages`, async () => {
        const result = await runLoad({ port: service.smtpPort, connections: CONNECTIONS, messageBytes: MESSAGE_BYTES, warmupMs: 0, durationMs: LOAD_LIMIT_MS, maxMessages: MESSAGES });
        accepted = result.acceptedTotal;
      });
      load.note = `${accepted.toLocaleString('en')} accepted over ${CONNECTIONS} connections, ${await progress(service)}`;
      let drained = false;
      const after = await phase(service, `then up to ${DRAIN_LIMIT_MS / 1000} s of processing`, async () => {
        drained = await drain(service, DRAIN_LIMIT_MS);
      });
      after.note = `${await progress(service)}${drained ? '' : ' (backlog left)'}`;
      return [idle, load, after];
    }),
  );
}

/**
 * Received by a service started without its worker (`serve --no-worker`), so the peak is the
 * receiving alone; then processed by the next start of the service on the same database, as
 * after a maintenance window, its growth counted from `idleWorkerOn` (an idle process with its
 * pipeline thread, which costs memory of its own). Received twice, each time by a fresh process:
 * once with SIZE= announced on MAIL FROM (Postfix and the large providers announce it to a
 * server offering SIZE) and once without, as a client that does not.
 */
async function aroundOneBigMessage(sinkUrl: string, idleWorkerOn: Row): Promise<{ rows: Row[]; ratios: Ratios }> {
  const message = firstContact({ n: 1, bytes: BIG_BYTES });
  const ratio = (row: Row, idle: Row) => round((row.peak.rss - idle.now.rss) / message.length, 2);
  const unannounced = await inTempDir((dir) => receiveBig({ dir, sinkUrl, message, announceSize: false }));
  const unannouncedRatio = ratio(unannounced.received, unannounced.idle);
  unannounced.received.note = `peak − idle = ${unannouncedRatio}× the message`;
  return inTempDir(async (dir) => {
    const { idle, received } = await receiveBig({ dir, sinkUrl, message, announceSize: true });
    let drained = false;
    const processed = await withService({ dir, sinkUrl, worker: true }, (service) =>
      // The worker takes the message as soon as the process is up: its peak counts from the start.
      phase(service, 'next start, worker on: processing it', async () => {
        drained = await drain(service, DRAIN_LIMIT_MS);
      }, true),
    );
    const ratios = { announced: ratio(received, idle), unannounced: unannouncedRatio, processing: ratio(processed, idleWorkerOn) };
    received.note = `peak − idle = ${ratios.announced}× the message`;
    processed.note = `peak − idle (worker on) = ${ratios.processing}× the message${drained ? '' : '; not done in time'}`;
    return { rows: [unannounced.idle, unannounced.received, idle, received, processed], ratios };
  });
}

interface Ratios {
  /** Peak RSS growth while receiving, as a multiple of the message size, with and without SIZE=. */
  announced: number;
  unannounced: number;
  /** The same while the next start processes it. */
  processing: number;
}

async function receiveBig(input: { dir: string; sinkUrl: string; message: Buffer; announceSize: boolean }): Promise<{ idle: Row; received: Row }> {
  return withService({ dir: input.dir, sinkUrl: input.sinkUrl, worker: false }, async (service) => {
    const idle = await phase(service, 'idle, worker off', () => sleep(SETTLE_MS));
    const client = await SmtpClient.open(service.smtpPort);
    const how = input.announceSize ? 'SIZE= announced' : 'no SIZE=';
    const received = await phase(service, `receiving one ${BIG_BYTES / MB} MB message, ${how} (to its 250)`, async () => {
      const { reply } = await client.deliver({ from: prospect(1), to: CAMPAIGN, announceSize: input.announceSize }, input.message);
      if (reply.code !== 250) throw new Error(`${BIG_BYTES / MB} MB message refused: ${reply.code} ${reply.text}`);
    });
    await client.quit();
    return { idle, received };
  });
}

async function inTempDir<T>(work: (dir: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'campaign-agent-memory-'));
  try {
    return await work(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function withService<T>(input: { dir: string; sinkUrl: string; worker: boolean }, work: (service: Target) => Promise<T>): Promise<T> {
  const service = await startServiceTarget({ dir: input.dir, outboundSmtpUrl: input.sinkUrl, maxMessageBytes: 30 * MB, worker: input.worker });
  try {
    return await work(service);
  } finally {
    await service.stop();
  }
}

/** Runs `work` with fresh peaks (or, with `sinceStart`, the peaks since the process started), then reads the figures. */
async function phase(service: Target, name: string, work: () => Promise<void>, sinceStart = false): Promise<Row> {
  if (!sinceStart) {
    resetPeakRss(service.pid);
    await service.request('peak-reset');
  }
  await work();
  const now = await service.request<MemorySnapshot>('memory');
  const sampled = await service.request<MemorySnapshot>('peak');
  return { phase: name, now, peak: { ...sampled, rss: peakRss(service.pid) }, note: '' };
}

async function progress(service: Target): Promise<string> {
  const counts = await service.request<Counts>('counts');
  return `${(counts.stored - counts.pending).toLocaleString('en')} of ${counts.stored.toLocaleString('en')} processed`;
}

/** Waits until the spool is empty, at most `limitMs`; true when it emptied. */
async function drain(service: Target, limitMs: number): Promise<boolean> {
  const deadline = performance.now() + limitMs;
  while (performance.now() < deadline) {
    if ((await service.request<Counts>('counts')).pending === 0) return true;
    await sleep(250);
  }
  return false;
}

function mb(bytes: number): number {
  return round(bytes / MB);
}
