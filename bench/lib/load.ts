import { SmtpClient } from './smtp-client.js';
import { CAMPAIGN, firstContact, prospect } from './messages.js';
import { summarize, type LatencySummary } from './stats.js';

export interface LoadOptions {
  port: number;
  connections: number;
  messageBytes: number;
  /** Untimed sending first, so JIT and caches are warm when the clock starts. */
  warmupMs: number;
  /** The timed window ends after this long, or after `maxMessages`, whichever comes first. */
  durationMs: number;
  maxMessages: number;
  /** Numbers senders from here, so successive runs against one service never repeat one. */
  firstProspect?: number;
}

export interface LoadResult {
  connections: number;
  messageBytes: number;
  /** Accepted (250) in the timed window. */
  accepted: number;
  /** Any other final answer in the timed window (4xx/5xx). */
  refused: number;
  /** Accepted overall, warm-up included: what the store must hold afterwards. */
  acceptedTotal: number;
  seconds: number;
  perSecond: number;
  latencyMs: LatencySummary;
  errors: string[];
}

/**
 * Drives `connections` persistent sessions, each sending one message after another (no
 * overlap within a session, as an MTA's delivery agent does). Bounded in count and time.
 */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  let next = options.firstProspect ?? 0;
  let timedStart = Number.POSITIVE_INFINITY;
  let timedEnd = Number.POSITIVE_INFINITY;
  let started = 0;
  const latencies: number[] = [];
  const errors: string[] = [];
  const totals = { accepted: 0, refused: 0, acceptedTotal: 0 };
  const begin = performance.now();
  const warmupEnds = begin + options.warmupMs;
  const deadline = warmupEnds + options.durationMs;

  async function session(): Promise<void> {
    const client = await SmtpClient.open(options.port);
    try {
      while (performance.now() < deadline && started < options.maxMessages) {
        const timed = performance.now() >= warmupEnds;
        if (timed) {
          timedStart = Math.min(timedStart, performance.now());
          started++;
        }
        const n = next++;
        const { reply, latencyMs } = await client.deliver({ from: prospect(n), to: CAMPAIGN }, firstContact({ n, bytes: options.messageBytes }));
        if (reply.code === 250) totals.acceptedTotal++;
        if (!timed) continue;
        timedEnd = performance.now();
        if (reply.code === 250) {
          totals.accepted++;
          latencies.push(latencyMs);
        } else {
          totals.refused++;
          if (errors.length < 5) errors.push(`${reply.code} ${reply.text}`);
        }
      }
    } finally {
      await client.quit();
    }
  }

  const outcomes = await Promise.allSettled(Array.from({ length: options.connections }, () => session()));
  for (const outcome of outcomes) if (outcome.status === 'rejected' && errors.length < 5) errors.push(String(outcome.reason));
  const seconds = Number.isFinite(timedEnd) ? (timedEnd - timedStart) / 1000 : 0;
  return {
    connections: options.connections,
    messageBytes: options.messageBytes,
    ...totals,
    seconds: Math.round(seconds * 100) / 100,
    perSecond: seconds > 0 ? Math.round(totals.accepted / seconds) : 0,
    latencyMs: summarize(latencies),
    errors,
  };
}
