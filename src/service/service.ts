import type { Logger } from 'pino';
import type { Config } from '../config/types.js';
import { openStore } from '../store/open.js';
import { type Store } from '../store/store.js';
import { createListener } from '../mail/smtp/listener.js';
import { outboundDescription } from '../mail/outbound.js';
import { campaignAddresses, mailboxFor } from '../mail/addressing.js';
import type { Authenticator } from '../pipeline/trust.js';
import { createHttpServer } from '../http/server.js';
import { createMetrics } from '../metrics/metrics.js';
import { buildPipeline } from './assembly.js';
import { createLogger } from './logger.js';
import { startPipelineThread } from './pipeline-thread.js';
import { pipelineSpoolLoop } from './spool-loop.js';
import { nodeName } from './node-name.js';

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
  /**
   * How the in-thread pipeline checks SPF/DKIM/DMARC. Default: mailauth against real DNS, and
   * loopback clients not checked; tests give fixture DNS and the client address to check as.
   */
  authenticate?: Authenticator;
}

export interface RunningService {
  smtp: { host: string; port: number };
  http: { host: string; port: number };
  store: Store;
  close(): Promise<void>;
}

export async function startService(config: Config, options: ServiceOptions = {}): Promise<RunningService> {
  const logger = options.logger ?? createLogger();
  const now = options.now ?? Date.now;
  const metrics = createMetrics();
  // A WAL checkpoint copies the log into the database and fsyncs it, blocking the connection
  // that runs it. With the pipeline on its own thread, its connection (which commits after
  // every message) runs them, so the listener's 250s never wait behind one.
  const store = await openStore(config.service, { checkpoints: !(options.pipelineThread && options.worker !== false) });
  metrics.watchBacklog(() => store.spool.backlog(), now);
  metrics.watchHolds(() => store.holds.count(now()));
  metrics.watchWebhooks(() => store.webhooks.pending());
  // With its own thread, the pipeline (calendars, LLM, sender) is built there and only there.
  const pipeline = options.pipelineThread
    ? startPipelineThread(config, metrics, logger)
    : pipelineSpoolLoop(buildPipeline(config, store, logger, now, metrics, options.authenticate), store, now, logger, nodeName(config));
  const campaigns = campaignAddresses(config);
  const listener = createListener(
    {
      campaignFor: (recipient) => mailboxFor(recipient, { campaigns, servedDomains: config.service.servedDomains }),
      accept: (envelopes) => store.spool.acceptGrouped(envelopes),
      createBodyFile: () => store.spool.createBodyFile(),
      accepted: (_ids, accepted) => {
        for (const campaign of accepted) metrics.messageReceived(campaign);
        pipeline.kick();
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
  const pipelineStarted = options.worker !== false ? pipeline.start() : Promise.resolve();
  const swept = await store.spool.sweepBodyFiles(now());
  if (swept > 0) logger.info({ swept }, 'removed body files of messages that never got their 250');
  const [smtpAddress, httpAddress] = await Promise.all([
    listener.listen(),
    http.listen(config.service.http.port, config.service.http.host),
    pipelineStarted,
  ]);
  logger.info(
    { smtp: smtpAddress, http: httpAddress, database: databaseDescription(config.service), outbound: outboundDescription(config.service) },
    'campaign-agent started',
  );
  return {
    smtp: smtpAddress,
    http: httpAddress,
    store,
    async close() {
      await listener.close();
      await pipeline.stop();
      await http.close();
      await store.close();
      logger.info('campaign-agent stopped');
    },
  };
}

/** The database as the start-up line names it: never the URL, which may carry a password. */
function databaseDescription(service: Config['service']): string {
  if (service.databaseUrl === null) return service.databasePath;
  return `PostgreSQL at ${URL.canParse(service.databaseUrl) ? new URL(service.databaseUrl).host || 'localhost' : 'the configured URL'}`;
}
