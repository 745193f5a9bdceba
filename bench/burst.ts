/**
 * Reply burst: N leads write to one campaign with two reps within a minute (and, as the worst
 * case, 500 of them at once); once every offer is out, each picks option 1. How many of them are booked on that first pick, how far out the
 * booked meetings are, and the time to first reply, with offers held (the default) and, for
 * comparison, without holds (every lead offered the same nearest times). The service runs in
 * this process on the demo configuration, its relay a loopback smtp-server.
 */
import pino from 'pino';
import { SMTPServer } from 'smtp-server';
import { simpleParser } from 'mailparser';
import { createTransport } from 'nodemailer';
import type { AddressInfo } from 'node:net';
import { startService } from '../src/service/service.js';
import { sqliteConnection } from '../src/store/sqlite/store.js';
import { demoConfig } from '../test/support/service.js';
import { createLocalCalendar } from '../src/calendar/local/calendar.js';
import { slotRules } from '../src/config/scheduling-rules.js';
import { freeSlots } from '../src/core/slots.js';
import type { Config } from '../src/config/types.js';
import { printPart, writePart, type PartResult } from './lib/results.js';
import { percentile, round } from './lib/stats.js';

const SIZES = [20, 100, 500];
const CAMPAIGN = 'webinar-q3@meet.acme.com';
const WAIT_MS = 120_000;
/** "Within a minute": the leads' first mails are spread evenly over it. */
const ARRIVAL_MS = 60_000;
const GOAL_SHARE = 0.9;
const GOAL_FIRST_REPLY_P95_MS = 1000;

interface Run {
  leads: number;
  held: boolean;
  /** Over how long the first mails arrived. */
  arrivalMs: number;
  offered: number;
  bookedFirstPick: number;
  /** Hours from the burst to the median booked meeting's start. */
  medianStartHours: number | null;
  firstReplyP95Ms: number;
  heldSlotsAtPeak: number;
  /** The most meetings the campaign's reps could take in the horizon, from their calendars. */
  capacity: number;
}

interface Mail {
  to: string;
  at: number;
  replyTo: string;
  messageId: string;
  subject: string;
}

export async function runBurstBench(): Promise<PartResult> {
  const runs: Run[] = [];
  const plan = [
    ...SIZES.flatMap((leads) => [true, false].map((held) => ({ leads, held, arrivalMs: ARRIVAL_MS }))),
    { leads: SIZES[SIZES.length - 1]!, held: true, arrivalMs: 0 },
  ];
  for (const { leads, held, arrivalMs } of plan) {
    const run = await burst(leads, held, arrivalMs);
    console.log(`  burst: ${leads} leads ${arrivalMs > 0 ? 'within a minute' : 'at once'}, ${held ? 'held' : 'not held'}: ${run.bookedFirstPick}/${leads} booked on the first pick`);
    runs.push(run);
  }
  const result = writePart(summarize(runs));
  printPart(result);
  return result;
}

async function burst(leads: number, held: boolean, arrivalMs: number): Promise<Run> {
  const relay = await startRelay();
  const base = demoConfig({ outboundSmtpUrl: relay.url });
  const config = { ...base, campaigns: base.campaigns.map((campaign) => ({ ...campaign, offerHoldMinutes: held ? 1440 : 0 })) };
  const service = await startService(config, { logger: pino({ level: 'silent' }) });
  const client = createTransport({ host: '127.0.0.1', port: service.smtp.port, secure: false, ignoreTLS: true, pool: true, maxConnections: 8 });
  const lead = (i: number) => `lead-${i}@customer-${i}.example`;
  try {
    const started = Date.now();
    const capacity = await teamCapacity(config, started);
    const acceptedAt = new Map<string, number>();
    await Promise.all(
      Array.from({ length: leads }, async (_, i) => {
        await new Promise((resolve) => setTimeout(resolve, (i * arrivalMs) / leads));
        await client.sendMail({ from: `Lead ${i} <${lead(i)}>`, to: CAMPAIGN, subject: 'After the webinar', text: 'Thanks for the webinar. Could we set up a call?' });
        acceptedAt.set(lead(i), performance.now());
      }),
    );
    const offers = await relay.waitFor(leads, WAIT_MS);
    const firstReply = offers.map((offer) => offer.at - (acceptedAt.get(offer.to) ?? offer.at)).sort((a, b) => a - b);
    const db = sqliteConnection(service.store);
    const heldSlotsAtPeak = db.prepare(`SELECT count(*) FROM slot_holds WHERE tentative = 0`).pluck().get() as number;
    await Promise.all(
      offers.map((offer) =>
        client.sendMail({ from: offer.to, to: offer.replyTo, subject: `Re: ${offer.subject}`, inReplyTo: offer.messageId, references: offer.messageId, text: '1 please.' }),
      ),
    );
    await relay.waitFor(leads * 2, WAIT_MS);
    await waitForIdle(service.store);
    const starts = (db.prepare(`SELECT start_at FROM bookings WHERE status = 'confirmed'`).pluck().all() as string[])
      .map((start) => (Date.parse(start) - started) / 3_600_000)
      .sort((a, b) => a - b);
    return {
      leads,
      held,
      arrivalMs,
      offered: offers.length,
      bookedFirstPick: starts.length,
      medianStartHours: starts.length > 0 ? round(percentile(starts, 0.5)) : null,
      firstReplyP95Ms: Math.round(percentile(firstReply, 0.95)),
      heldSlotsAtPeak,
      capacity,
    };
  } finally {
    client.close();
    await service.close();
    await relay.close();
  }
}

/**
 * Meetings the campaign's reps can take in the horizon: on each rep's free slots, the earliest
 * that keeps the buffer from the one before, over and over (optimal for meetings of one length).
 */
async function teamCapacity(config: Config, now: number): Promise<number> {
  const campaign = config.campaigns.find((candidate) => candidate.address === CAMPAIGN)!;
  const calendar = createLocalCalendar();
  let meetings = 0;
  for (const host of config.hosts.filter((host) => campaign.hostIds.includes(host.id))) {
    const rules = slotRules(host, campaign);
    const busy = await calendar.busy(host, { start: now, end: now + (rules.horizonDays + 1) * 86_400_000 });
    const gap = Math.max(rules.bufferBeforeMinutes, rules.bufferAfterMinutes) * 60_000;
    let free = -Infinity;
    for (const slot of freeSlots({ now, rules, busy })) {
      if (slot.start < free) continue;
      meetings++;
      free = slot.end + gap;
    }
  }
  return meetings;
}

async function waitForIdle(store: Awaited<ReturnType<typeof startService>>['store']): Promise<void> {
  for (let waited = 0; waited < WAIT_MS && (await store.spool.backlog()).pending > 0; waited += 100) await new Promise((resolve) => setTimeout(resolve, 100));
}

/** The outbound relay: keeps, per message to a lead, when it arrived and what a reply needs. */
async function startRelay() {
  const mails: Mail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const at = performance.now();
      simpleParser(stream).then((parsed) => {
        const to = session.envelope.rcptTo.map((rcpt) => rcpt.address).find((address) => address.startsWith('lead-'));
        if (to) mails.push({ to, at, replyTo: parsed.replyTo?.value[0]?.address ?? CAMPAIGN, messageId: parsed.messageId ?? '', subject: parsed.subject ?? '' });
        callback();
      }, callback);
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    async waitFor(count: number, timeoutMs: number): Promise<Mail[]> {
      const deadline = Date.now() + timeoutMs;
      while (mails.length < count && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
      return mails.slice(0, count);
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function summarize(runs: Run[]): Omit<PartResult, 'at' | 'machine'> {
  const share = (run: Run) => run.bookedFirstPick / run.leads;
  const heldRuns = runs.filter((run) => run.held && run.arrivalMs > 0);
  const cost = (leads: number, arrivalMs: number) => {
    const [withHolds, without] = [true, false].map((held) => runs.find((run) => run.leads === leads && run.held === held && run.arrivalMs === arrivalMs));
    return withHolds?.medianStartHours != null && without?.medianStartHours != null ? round(withHolds.medianStartHours - without.medianStartHours) : null;
  };
  return {
    part: 'burst',
    tables: [
      {
        title: `Reply burst: N leads to ${CAMPAIGN} (two reps, 30-minute meetings), then each picks option 1`,
        header: ['leads', 'first mails', 'offers', 'reps\' capacity', 'booked on 1st pick', 'share', 'median meeting (h ahead)', 'cost of spreading (h)', 'first reply p95 (ms)', 'held times'],
        rows: runs.map((run) => [
          run.leads,
          run.arrivalMs > 0 ? `within ${run.arrivalMs / 1000} s` : 'at once',
          run.held ? 'held' : 'not held',
          run.capacity,
          run.bookedFirstPick,
          round(share(run), 2),
          run.medianStartHours ?? '—',
          run.held ? cost(run.leads, run.arrivalMs) ?? '—' : '',
          run.firstReplyP95Ms,
          run.heldSlotsAtPeak,
        ]),
      },
    ],
    goals: [
      ...heldRuns.filter((run) => run.leads <= 100).map((run) => ({
        goal: `≥ ${GOAL_SHARE} of ${run.leads} leads booked on their first pick`,
        value: `${round(share(run), 2)}`,
        met: share(run) >= GOAL_SHARE,
      })),
      // More leads than the reps have time for: as many first picks as that time allows.
      ...heldRuns.filter((run) => run.leads > run.capacity).map((run) => ({
        goal: `${run.leads} leads: ≥ ${GOAL_SHARE} of the reps' capacity (${run.capacity}) booked on the first pick`,
        value: `${run.bookedFirstPick} (${round(run.bookedFirstPick / run.capacity, 2)})`,
        met: run.bookedFirstPick >= GOAL_SHARE * run.capacity,
      })),
      ...heldRuns.map((run) => ({
        goal: `time to first reply p95 under ${GOAL_FIRST_REPLY_P95_MS} ms, ${run.leads} leads within a minute`,
        value: `${run.firstReplyP95Ms} ms`,
        met: run.firstReplyP95Ms < GOAL_FIRST_REPLY_P95_MS,
      })),
    ],
    details: { runs },
  };
}
