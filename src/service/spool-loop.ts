import type { Logger } from 'pino';
import type { MailSender } from '../mail/outbound.js';
import type { Store } from '../store/store.js';
import type { QueuedMail } from '../store/outbox.js';
import { ClaimLost, type Claimant, type SpooledMessage } from '../store/spool.js';
import type { WebhookDelivery } from '../store/webhooks.js';
import type { Outcome } from '../pipeline/process-message.js';
import type { Pipeline } from './assembly.js';

export interface SpoolLoopDeps {
  store: Store;
  process(message: SpooledMessage): Promise<Outcome>;
  /** Steps conversations whose follow-up is due; returns how many. */
  followUps(): Promise<number>;
  sender: MailSender;
  /** Makes one webhook delivery attempt and records its result. */
  deliverWebhook(delivery: WebhookDelivery): Promise<void>;
  now: () => number;
  logger: Logger;
  /** This node's name on the claims it takes (node-name.ts). */
  node: string;
}

const IDLE_POLL_MS = 200;
/**
 * How long a claim on an inbound message holds without a renewal; the heartbeat renews it every
 * quarter of that. A node that died leaves its messages to the others after at most this long
 * (a restarted node takes its own back at once).
 */
const INBOUND_LEASE_MS = 60_000;
const LEASE_RENEW_MS = INBOUND_LEASE_MS / 4;
/** Longer than any send may take (the relay's timeouts): one node sends a mail at a time. */
const OUTBOUND_LEASE_MS = 10 * 60_000;
/** Follow-ups are due by the hour, not the second: a slow tick is plenty. */
const FOLLOW_UP_POLL_MS = 30_000;
/**
 * Messages in the pipeline at once. Most of a turn is waiting (an LLM answer, a calendar API),
 * so one at a time would cap replies at one per model call. Two turns of one conversation
 * meeting are safe: the second one's save fails on the version check and it decides again.
 */
const INBOUND_IN_FLIGHT = 16;
/** Outbound mails sent at once (the relay transport pools its connections). */
const OUTBOUND_IN_FLIGHT = 8;
/**
 * Longer than a delivery attempt may take (integrations/webhooks.ts gives up after 10 s) and
 * recording its outcome: one node makes a delivery at a time, and a lead's next event waits for
 * it. A node that died holds its deliveries, and so those leads' later events, this long.
 */
const WEBHOOK_LEASE_MS = 60_000;
/** Webhook deliveries at once; a lead's own events still go one after another. */
const WEBHOOKS_IN_FLIGHT = 4;
/** A retry is due by the second at best: no need to look more often when nothing kicks. */
const WEBHOOK_POLL_MS = 1_000;

/**
 * Loops over the durable queues: the spool (inbound -> pipeline), the outbox (queued mail ->
 * relay or files) and due follow-ups. Each wakes on `kick()` or on a timer.
 */
export function createSpoolLoop(deps: SpoolLoopDeps) {
  const inboundClaim: Claimant = { node: deps.node, leaseMs: INBOUND_LEASE_MS };
  const outboundClaim: Claimant = { node: deps.node, leaseMs: OUTBOUND_LEASE_MS };
  const webhookClaim: Claimant = { node: deps.node, leaseMs: WEBHOOK_LEASE_MS };
  // A mail starts as soon as a sending slot is free, never behind a whole batch.
  const mails = inHand(
    () => deps.store.outbox.claimNext(deps.now(), outboundClaim),
    (mail) => deliverOne(deps, mail),
    (error, mail) => deps.logger.error({ err: error, outbound: mail.id }, 'could not record the sending outcome; mail kept for retry'),
  );
  const deliveries = inHand(
    () => deps.store.webhooks.claimNext(deps.now(), webhookClaim),
    (delivery) => deps.deliverWebhook(delivery),
    (error, delivery) => deps.logger.error({ err: error, webhook: delivery.webhookId }, 'could not record the webhook outcome; delivery kept for retry'),
  );
  const outbound = concurrentLoop('outbound', mails.claim, mails.handle, OUTBOUND_IN_FLIGHT, deps.logger);
  const messages = inHand(
    () => deps.store.spool.claimNext(deps.now(), inboundClaim),
    processOne,
    (error, message) => deps.logger.error({ err: error, message: message.id }, 'pipeline failed; message kept for retry'),
  );
  const inbound = concurrentLoop('inbound', messages.claim, messages.handle, INBOUND_IN_FLIGHT, deps.logger);
  // The heartbeat: a turn that outlives a lease (a slow LLM, a calendar timing out) keeps its claim.
  const leases = loop('leases', async () => {
    const lost = await deps.store.spool.renewLeases([...messages.held], deps.now(), inboundClaim);
    if (lost.length > 0) deps.logger.warn({ messages: lost }, 'claims taken over by another worker; what this one decides for them will not land');
  }, deps.logger, LEASE_RENEW_MS);
  const webhooks = concurrentLoop('webhooks', deliveries.claim, deliveries.handle, WEBHOOKS_IN_FLIGHT, deps.logger, WEBHOOK_POLL_MS);
  const followUps = loop(
    'follow-ups',
    async () => {
      const stepped = await deps.followUps();
      if (stepped > 0) outbound.kick();
    },
    deps.logger,
    FOLLOW_UP_POLL_MS,
  );
  let stopWatching = async (): Promise<void> => undefined;
  return {
    async start(): Promise<void> {
      // Mail another node's listener took wakes this worker too (polling stays the fallback).
      stopWatching = await deps.store.spool.watch(() => inbound.kick());
      const released = await deps.store.spool.releaseClaims(deps.node);
      if (released > 0) deps.logger.info({ released, node: deps.node }, 'resuming messages this node\'s previous run left unfinished');
      inbound.start();
      leases.start();
      outbound.start();
      followUps.start();
      webhooks.start();
    },
    kick(): void {
      inbound.kick();
      outbound.kick();
      webhooks.kick();
    },
    async stop(): Promise<void> {
      await Promise.all([inbound.stop(), outbound.stop(), followUps.stop(), webhooks.stop()]);
      await leases.stop();
      await stopWatching();
    },
  };

  async function processOne(message: SpooledMessage): Promise<void> {
    try {
      const outcome = await deps.process(message);
      if (outcome.status === 'processed' && outcome.queued > 0) outbound.kick();
      webhooks.kick();
    } catch (error) {
      if (error instanceof ClaimLost) {
        deps.logger.warn({ message: message.id, node: deps.node }, error.message);
        return;
      }
      // Even settling the failure failed (the store, most likely): try again in a minute.
      deps.logger.error({ err: error, message: message.id }, 'pipeline failed; message kept for retry');
      await retryInAMinute(deps.store, message, error, deps.now());
    }
  }
}

/**
 * The spool loop over a pipeline built in the calling thread: what startService runs without
 * `pipelineThread` (tests), and what the pipeline thread runs on its side. Stopping it also
 * closes the pipeline's sender.
 */
export function pipelineSpoolLoop(pipeline: Pipeline, store: Store, now: () => number, logger: Logger, node: string) {
  const worker = createSpoolLoop({
    node,
    store,
    process: pipeline.process,
    followUps: pipeline.followUps,
    sender: pipeline.sender,
    deliverWebhook: pipeline.deliverWebhook,
    now,
    logger,
  });
  return {
    async start(): Promise<void> {
      await worker.start();
    },
    kick: () => worker.kick(),
    async stop(): Promise<void> {
      await worker.stop();
      pipeline.sender.close();
    },
  };
}

/**
 * When a message's failure could not be settled (see pipeline/failure.ts), it waits a minute
 * and is taken again; if even that cannot be written, its claim's lease runs out and any worker
 * takes it again.
 */
export async function retryInAMinute(store: Store, message: Pick<SpooledMessage, 'id' | 'attempts'>, error: unknown, now: number): Promise<void> {
  try {
    await store.spool.retryLater(message.id, message.attempts, (error as Error).stack ?? String(error), now + 60_000);
  } catch {
    // The store is down: the lease will run out.
  }
}

/**
 * Sends every mail due now, one after another, each tried once (replay, after its one
 * message): a failed one is due again only later, a sent one is done.
 */
export async function deliverDue(deps: Pick<SpoolLoopDeps, 'store' | 'sender' | 'now' | 'logger'>, claimant: Claimant): Promise<void> {
  for (let mail = await deps.store.outbox.claimNext(deps.now(), claimant); mail; mail = await deps.store.outbox.claimNext(deps.now(), claimant)) {
    await deliverOne(deps, mail);
  }
}

async function deliverOne(deps: Pick<SpoolLoopDeps, 'store' | 'sender' | 'now' | 'logger'>, mail: QueuedMail): Promise<void> {
  try {
    await deps.sender.send(mail);
    await deps.store.outbox.markSent(mail, deps.now());
    deps.logger.info({ outbound: mail.id, conversation: mail.conversationId, kind: mail.kind, to: mail.envelopeTo }, 'mail sent');
  } catch (error) {
    const next = await deps.store.outbox.markAttemptFailed(mail, (error as Error).message, deps.now());
    deps.logger.warn({ err: error, outbound: mail.id, next }, 'sending failed');
  }
}

/**
 * Claims from a durable queue and handles what it claimed, keeping the ids in hand: the
 * heartbeat renews the inbound ones' leases. An attempt whose outcome could not even be
 * recorded is logged, and the item stays in the queue.
 */
function inHand<T extends { id: number }>(
  next: () => Promise<T | null>,
  handle: (item: T) => Promise<void>,
  unrecorded: (error: unknown, item: T) => void,
) {
  const held = new Set<number>();
  return {
    held: held as ReadonlySet<number>,
    async claim(): Promise<T | null> {
      const item = await next();
      if (item) held.add(item.id);
      return item;
    },
    async handle(item: T): Promise<void> {
      try {
        await handle(item);
      } catch (error) {
        unrecorded(error, item);
      } finally {
        held.delete(item.id);
      }
    },
  };
}

/** Wakes on kick() or after `idleMs`, whichever comes first. */
function waker(idleMs: number) {
  let wake: (() => void) | null = null;
  let pending = false;
  return {
    kick(): void {
      if (wake) wake();
      else pending = true;
    },
    async sleep(): Promise<void> {
      if (pending) {
        pending = false;
        return;
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, idleMs);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      wake = null;
    },
  };
}

/** Start, kick and stop for a loop body that runs while `running()` says so. */
function controlled(body: (running: () => boolean, timer: ReturnType<typeof waker>) => Promise<void>, idleMs: number) {
  let running = false;
  let done: Promise<void> = Promise.resolve();
  const timer = waker(idleMs);
  return {
    start(): void {
      running = true;
      done = body(() => running, timer);
    },
    kick: () => timer.kick(),
    async stop(): Promise<void> {
      running = false;
      timer.kick();
      await done;
    },
  };
}

/** Runs `work`, then sleeps until kicked or `idleMs` passed, and again. */
function loop(name: string, work: () => Promise<void>, logger: Logger, idleMs: number) {
  return controlled(async (running, timer) => {
    while (running()) {
      try {
        await work();
      } catch (error) {
        logger.error({ err: error, loop: name }, 'worker loop error');
      }
      if (running()) await timer.sleep();
    }
  }, idleMs);
}

/** Keeps up to `limit` items in hand at once; stop() lets the ones in hand finish. */
function concurrentLoop<T>(name: string, claim: () => Promise<T | null>, handle: (item: T) => Promise<void>, limit: number, logger: Logger, idleMs = IDLE_POLL_MS) {
  const inFlight = new Set<Promise<void>>();
  const body = async (running: () => boolean, timer: ReturnType<typeof waker>): Promise<void> => {
    while (running()) {
      try {
        let item: T | null;
        while (running() && inFlight.size < limit && (item = await claim()) !== null) {
          const task: Promise<void> = handle(item).finally(() => {
            inFlight.delete(task);
            timer.kick();
          });
          inFlight.add(task);
        }
      } catch (error) {
        logger.error({ err: error, loop: name }, 'worker loop error');
      }
      if (running()) await timer.sleep();
    }
    await Promise.all(inFlight);
  };
  return controlled(body, idleMs);
}
