import pino, { type Logger } from 'pino';
import type { Config } from './config/types.js';
import { openStore, type Store } from './store/store.js';
import { createListener } from './mail/listener.js';
import { createFileSender, createSmtpSender, outboundDescription, type MailSender } from './mail/outbound.js';
import { campaignAddresses, resolveRecipient } from './mail/addressing.js';
import { ownDomains } from './mail/read-message.js';
import { processMessage, type PipelineDeps } from './pipeline/process-message.js';
import { runDueFollowUps } from './pipeline/follow-ups.js';
import { warmUp } from './pipeline/warm-up.js';
import { createWorker } from './worker.js';
import { createHttpServer } from './http/server.js';
import { createMetrics, type Metrics } from './metrics.js';
import { applyMetricCall } from './metrics-forwarding.js';
import { Worker } from 'node:worker_threads';
import { buildAuthenticator, buildCalendars, buildLlm, buildPhraser, buildUnderstanders } from './wiring.js';

export interface ServiceOptions {
  /** false: accept and store mail but leave processing to a later start (maintenance). */
  worker?: boolean;
  /**
   * Run the pipeline on its own thread (what `serve` does), so its work never delays the
   * listener's 250s. Off in tests, which drive everything in one thread with a fake clock.
   */
  pipelineThread?: boolean;
  logger?: Logger;
  now?: () => number;
}

export interface RunningService {
  smtp: { host: string; port: number };
  http: { host: string; port: number };
  store: Store;
  close(): Promise<void>;
}

export function createLogger(): Logger {
  return pino({ level: process.env.LOG_LEVEL ?? 'info', base: { service: 'campaign-agent' } }, pino.destination(2));
}

/** The one place adapters are built and wired; everything below receives its deps. */
export function buildPipeline(config: Config, store: Store, logger: Logger, now: () => number, metrics: Metrics = createMetrics()) {
  const llm = buildLlm(config, store);
  const deps: PipelineDeps = {
    config,
    campaigns: new Map(config.campaigns.map((campaign) => [campaign.address, campaign])),
    ownDomains: ownDomains(config),
    store,
    calendars: buildCalendars(config, logger),
    understanderFor: buildUnderstanders(llm, metrics, logger),
    phrase: buildPhraser(config, llm, logger),
    authenticate: buildAuthenticator(config),
    metrics,
    now,
    logger,
  };
  const sender: MailSender = config.service.outboundSmtpUrl
    ? createSmtpSender(config.service.outboundSmtpUrl)
    : createFileSender(config.service.outboxDir);
  return {
    deps,
    sender,
    process: (message: Parameters<typeof processMessage>[1]) => processMessage(deps, message),
    followUps: () => runDueFollowUps(deps),
    warmUp: () => warmUp(deps),
  };
}

/**
 * Compiled, the thread's entry is the .js beside this file. Under tsx (development) it is .ts,
 * and a thread does not inherit tsx's loader, so the thread registers it before importing.
 */
function pipelineWorker(workerData: { config: Config }): Worker {
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./pipeline-thread.js', import.meta.url), { workerData });
  const entry = new URL('./pipeline-thread.ts', import.meta.url).href;
  const source = `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(entry)}); })`;
  return new Worker(source, { eval: true, workerData });
}

/**
 * The worker over a pipeline built in the calling thread: what startService runs without
 * `pipelineThread` (tests), and what the pipeline thread runs on its side. Stopping it also
 * closes the pipeline's sender.
 */
export function inProcessWorker(pipeline: ReturnType<typeof buildPipeline>, store: Store, now: () => number, logger: Logger) {
  const worker = createWorker({ store, process: pipeline.process, followUps: pipeline.followUps, sender: pipeline.sender, now, logger });
  return {
    async start(): Promise<void> {
      worker.start();
    },
    kick: () => worker.kick(),
    async stop(): Promise<void> {
      await worker.stop();
      pipeline.sender.close();
    },
  };
}

/**
 * The pipeline on its own thread, driven like an in-process worker: start, kick, stop. start()
 * resolves once the thread has built and warmed its pipeline and is taking work, so a started
 * service answers at its usual speed from the first message on.
 */
function startPipelineThread(config: Config, metrics: Metrics, logger: Logger) {
  let thread: Worker | null = null;
  return {
    start(): Promise<void> {
      const started = pipelineWorker({ config });
      thread = started;
      started.on('message', (message: unknown) => applyMetricCall(metrics, message));
      started.on('error', (error) => logger.error({ err: error }, 'pipeline thread failed'));
      return new Promise<void>((resolve, reject) => {
        started.on('message', (message: unknown) => message === 'ready' && resolve());
        started.once('error', reject);
        started.once('exit', (code) => reject(new Error(`the pipeline thread exited (code ${code}) before it was ready`)));
      });
    },
    kick(): void {
      thread?.postMessage('kick');
    },
    async stop(): Promise<void> {
      const running = thread;
      if (!running) return;
      await new Promise<void>((resolve) => {
        running.on('message', (message: unknown) => message === 'stopped' && resolve());
        running.once('exit', () => resolve());
        running.postMessage('stop');
      });
      await running.terminate();
    },
  };
}

export async function startService(config: Config, options: ServiceOptions = {}): Promise<RunningService> {
  const logger = options.logger ?? createLogger();
  const now = options.now ?? Date.now;
  const metrics = createMetrics();
  const store = openStore(config.service.databasePath);
  // A WAL checkpoint copies the log into the database and fsyncs it, blocking the connection
  // that runs it. With the pipeline on its own thread, its connection (which commits after
  // every message) runs them, so the listener's 250s never wait behind one.
  if (options.pipelineThread && options.worker !== false) store.db.pragma('wal_autocheckpoint = 0');
  // With its own thread, the pipeline (calendars, LLM, sender) is built there and only there.
  const worker = options.pipelineThread
    ? startPipelineThread(config, metrics, logger)
    : inProcessWorker(buildPipeline(config, store, logger, now, metrics), store, now, logger);
  const campaigns = campaignAddresses(config);
  const listener = createListener(
    {
      campaignFor: (recipient) => resolveRecipient(recipient, campaigns)?.campaign ?? null,
      accept: (envelopes) => store.spool.acceptGrouped(envelopes),
      createBodyFile: () => store.spool.createBodyFile(),
      accepted: (_ids, accepted) => {
        for (const campaign of accepted) metrics.messageReceived(campaign);
        worker.kick();
      },
      refused: (reason) => metrics.messageRefused(reason),
      now,
      logger,
    },
    { ...config.service.smtp, name: config.service.domain },
  );
  const http = createHttpServer({
    config,
    store,
    metrics,
    outcomeSecret: config.service.http.outcomeSecret,
    smtpListening: () => listener.listening,
    now,
    logger,
  });
  // The listener takes mail while the pipeline warms up; the service has started once both have.
  const pipelineStarted = options.worker !== false ? worker.start() : Promise.resolve();
  const swept = store.spool.sweepBodyFiles(now());
  if (swept > 0) logger.info({ swept }, 'removed body files of messages that never got their 250');
  const [smtpAddress, httpAddress] = await Promise.all([
    listener.listen(),
    http.listen(config.service.http.port, config.service.http.host),
    pipelineStarted,
  ]);
  logger.info(
    { smtp: smtpAddress, http: httpAddress, database: config.service.databasePath, outbound: outboundDescription(config.service) },
    'campaign-agent started',
  );
  return {
    smtp: smtpAddress,
    http: httpAddress,
    store,
    async close() {
      await listener.close();
      await worker.stop();
      await http.close();
      store.close();
      logger.info('campaign-agent stopped');
    },
  };
}
