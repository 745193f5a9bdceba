/**
 * Part 3, slots: one offer computation as the pipeline makes it (src/pipeline/availability.ts):
 * a routing candidate per rep (free slots from working hours, calendar busy time, the service's
 * own bookings, days off, time off, caps), the campaign's routing with its fallback chain, and
 * the spread of three times in the prospect's zone. 50 reps × 500 busy events × 14 days, with 20
 * bookings per rep; the calendars are given, as the calendar read is I/O and not part of it.
 */
import { FREE_MAIL_DOMAINS } from '../src/config/free-mail-domains.js';
import { slotRules } from '../src/config/scheduling-rules.js';
import type { BookingRecord } from '../src/core/host-limits.js';
import { spreadOffer } from '../src/core/offer.js';
import { buildCandidate, routeWithFallback } from '../src/core/routing.js';
import { testCampaign, testHost } from '../test/support/scenario.js';
import { printPart, writePart, type PartResult } from './lib/results.js';
import { summarize } from './lib/stats.js';

const REPS = 50;
const BUSY_EVENTS = 500;
const HORIZON_DAYS = 14;
const WARMUP_RUNS = 30;
const RUNS = 200;
const GOAL_MS = 20;
const DAY = 86_400_000;
const QUARTER = 900_000;

export async function runSlotsBench(): Promise<PartResult> {
  const offer = scenario();
  for (let i = 0; i < WARMUP_RUNS; i++) offer();
  const wall: number[] = [];
  const cpu: number[] = [];
  let offered = 0;
  for (let i = 0; i < RUNS; i++) {
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    offered = offer();
    wall.push(performance.now() - started);
    const used = process.cpuUsage(cpuBefore);
    cpu.push((used.user + used.system) / 1000);
  }
  const wallMs = summarize(wall);
  const cpuMs = summarize(cpu);
  const result = writePart({
    part: 'slots',
    tables: [
      {
        title: `One offer computation: ${REPS} reps × ${BUSY_EVENTS} busy events × ${HORIZON_DAYS} days (${RUNS} runs after ${WARMUP_RUNS} warm-up)`,
        header: ['clock', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms'],
        rows: [
          ['wall', wallMs.p50, wallMs.p95, wallMs.p99, wallMs.max],
          ['CPU', cpuMs.p50, cpuMs.p95, cpuMs.p99, cpuMs.max],
        ],
      },
    ],
    goals: [{ goal: `one offer under ${GOAL_MS} ms`, value: `p50 ${wallMs.p50} ms, p99 ${wallMs.p99} ms (wall)`, met: wallMs.p99 < GOAL_MS }],
    details: { reps: REPS, busyEvents: BUSY_EVENTS, horizonDays: HORIZON_DAYS, bookingsPerRep: 20, runs: RUNS, warmupRuns: WARMUP_RUNS, slotsOffered: offered, wallMs, cpuMs },
  });
  printPart(result);
  return result;
}

/** A fixed campaign and fixed calendars (seeded), and the computation over them; returns how many slots it offers. */
function scenario(): () => number {
  const now = Date.parse('2026-03-02T06:00:00Z');
  const zones = ['Europe/London', 'America/New_York', 'Asia/Kolkata', 'Australia/Lord_Howe', 'Asia/Kathmandu'];
  const hosts = Array.from({ length: REPS }, (_, i) =>
    testHost({
      id: `rep${i}`,
      timeZone: zones[i % zones.length]!,
      daysOff: ['2025-12-25', '2026-03-05', '2026-12-24'],
      timeOff: [{ start: now + 9 * DAY, end: now + 10 * DAY }],
      caps: { perDay: 4, perWeek: 15 },
    }),
  );
  const campaign = testCampaign({ hostIds: hosts.map((host) => host.id) });
  let seed = 1;
  const random = (): number => (seed = (seed * 16_807) % 2_147_483_647) / 2_147_483_647;
  const busy = hosts.map(() =>
    Array.from({ length: BUSY_EVENTS }, () => {
      const start = now + Math.floor(random() * HORIZON_DAYS * 96) * QUARTER;
      return { start, end: start + (1 + Math.floor(random() * 4)) * QUARTER };
    }),
  );
  const bookings: BookingRecord[] = hosts.flatMap((host) =>
    Array.from({ length: 20 }, () => {
      const start = now - 7 * DAY + Math.floor(random() * HORIZON_DAYS * 48) * 2 * QUARTER;
      return { hostId: host.id, campaign: campaign.address, start, end: start + 2 * QUARTER, bookedAt: start - 5 * DAY, status: 'confirmed' as const };
    }),
  );
  return () => {
    const candidates = hosts.map((host, order) => buildCandidate({ host, campaign, order, now, calendarBusy: busy[order]!, bookings, joinedAt: null, rules: slotRules(host, campaign) }));
    const chain = routeWithFallback({ config: campaign.routing, team: campaign.hostIds, candidates, prospectDomain: null, freeMailDomains: FREE_MAIL_DOMAINS });
    return chain.ok ? spreadOffer({ slots: chain.verdict.slots, count: 3, timeZone: 'America/Chicago' }).length : 0;
  };
}
