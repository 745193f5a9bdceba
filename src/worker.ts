import type { Logger } from 'pino';
import type { MailSender } from './mail/outbound.js';
import type { Store } from './store/store.js';
import type { SpooledMessage } from './store/spool.js';
import type { Outcome } from './pipeline/process-message.js';

export interface WorkerDeps {
  store: Store;
  process(message: SpooledMessage): Promise<Outcome>;
  /** Steps conversations whose follow-up is due; returns how many. */
  followUps(): Promise<number>;
  sender: MailSender;
  now: () => number;
  logger: Logger;
}

const IDLE_POLL_MS = 1000;
/** Follow-ups are due by the hour, not the second: a slow tick is plenty. */
const FOLLOW_UP_POLL_MS = 30_000;

/**
 * Two loops over the durable queues: the spool (inbound -> pipeline) and the outbox
 * (queued mail -> relay or files). Each wakes on `kick()` or on a timer, one item at a time.
 */
export function createWorker(deps: WorkerDeps) {
  const inbound = loop('inbound', () => processNext(deps), deps.logger);
  const outbound = loop('outbound', () => deliverDue(deps), deps.logger);
  const followUps = loop(
    'follow-ups',
    async () => {
      const stepped = await deps.followUps();
      if (stepped > 0) outbound.kick();
      return false;
    },
    deps.logger,
    FOLLOW_UP_POLL_MS,
  );
  return {
    start(): void {
      const requeued = deps.store.spool.requeueInterrupted();
      if (requeued > 0) deps.logger.info({ requeued }, 'resuming messages a previous run left unfinished');
      inbound.start();
      outbound.start();
      followUps.start();
    },
    kick(): void {
      inbound.kick();
      outbound.kick();
    },
    async stop(): Promise<void> {
      await Promise.all([inbound.stop(), outbound.stop(), followUps.stop()]);
    },
  };

  async function processNext(worker: WorkerDeps): Promise<boolean> {
    const message = worker.store.spool.claimNext();
    if (!message) return false;
    try {
      const outcome = await worker.process(message);
      if (outcome.status === 'processed' && outcome.queued > 0) outbound.kick();
    } catch (error) {
      worker.logger.error({ err: error, message: message.id }, 'pipeline failed; message kept for retry');
      worker.store.spool.markFailed(message.id, (error as Error).stack ?? String(error), worker.now());
    }
    return true;
  }
}

/** Sends what is due; true when there may be more to do right away. */
export async function deliverDue(deps: Pick<WorkerDeps, 'store' | 'sender' | 'now' | 'logger'>): Promise<boolean> {
  const due = deps.store.outbox.due(deps.now());
  for (const mail of due) {
    try {
      await deps.sender.send(mail);
      deps.store.outbox.markSent(mail, deps.now());
      deps.logger.info({ outbound: mail.id, conversation: mail.conversationId, kind: mail.kind, to: mail.envelopeTo }, 'mail sent');
    } catch (error) {
      const next = deps.store.outbox.markAttemptFailed(mail, (error as Error).message, deps.now());
      deps.logger.warn({ err: error, outbound: mail.id, next }, 'sending failed');
    }
  }
  return due.length > 0 && due.length >= 20;
}

function loop(name: string, work: () => Promise<boolean>, logger: Logger, idleMs = IDLE_POLL_MS) {
  let running = false;
  let wake: (() => void) | null = null;
  let pendingKick = false;
  let done: Promise<void> = Promise.resolve();

  async function run(): Promise<void> {
    while (running) {
      let more = false;
      try {
        more = await work();
      } catch (error) {
        logger.error({ err: error, loop: name }, 'worker loop error');
      }
      if (more || !running) continue;
      if (pendingKick) {
        pendingKick = false;
        continue;
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, idleMs);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      wake = null;
    }
  }

  return {
    start(): void {
      running = true;
      done = run();
    },
    kick(): void {
      if (wake) wake();
      else pendingKick = true;
    },
    async stop(): Promise<void> {
      running = false;
      wake?.();
      await done;
    },
  };
}
