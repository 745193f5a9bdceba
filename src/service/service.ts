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

/**
 * What a node does: take mail (the SMTP listener), process it (the pipeline, the outbox, the
 * webhooks, follow-ups), show it (the web page, the API, /healthz, /metrics). A single node
 * does all three; many nodes on one PostgreSQL database may split them.
 */
export type Role = 'listener' | 'worker' | 'web';
export const ROLES: readonly Role[] = ['listener', 'worker', 'web'];

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

/** A node with some of the roles: an address is null for a role it does not have. */
export interface RunningNode extends Omit<RunningService, 'smtp' | 'http'> {
  smtp: { host: string; port: number } | null;
  http: { host: string; port: number } | null;
}

/** Every role in one process (`serve` without --role, and the tests). */
export async function startService(config: Config, options: ServiceOptions = {}): Promise<RunningService> {
  const roles = new Set<Role>(options.worker === false ? ['listener', 'web'] : ROLES);
  const node = await startNode(config, { ...options, roles });
  return { ...node, smtp: node.smtp!, http: node.http! };
}

export async function startNode(config: Config, options: Omit<ServiceOptions, 'worker'> & { roles: ReadonlySet<Role> }): Promise<RunningNode> {
  const { roles } = options;
  const logger = options.logger ?? createLogger();
  const now = options.now ?? Date.now;
  const metrics = createMetrics();
  // A WAL checkpoint copies the log into the database and fsyncs it, blocking the connection
  // that runs it. With the pipeline on its own thread, its connection (which commits after
  // every message) runs them, so the listener's 250s never wait behind one.
  const working = roles.has('worker');
  const store = await openStore(config.service, { checkpoints: !(options.pipelineThread && working) });
  metrics.watchBacklog(() => store.spool.backlog(), now);
  metrics.watchHolds(() => store.holds.count(now()));
  metrics.watchWebhooks(() => store.webhooks.pending());
  const node = nodeName(config, roles);
  // With its own thread, the pipeline (calendars, LLM, sender) is built there and only there.
  const pipeline = !working
    ? null
    : options.pipelineThread
      ? startPipelineThread(config, node, metrics, logger)
      : pipelineSpoolLoop(buildPipeline(config, store, logger, now, metrics, options.authenticate), store, now, logger, node);
  const listener = roles.has('listener') ? startListener(config, { store, metrics, now, logger, kick: () => pipeline?.kick() }) : null;
  const http = roles.has('web')
    ? createHttpServer({
      config,
      store,
      metrics,
      outcomeSecret: config.service.http.outcomeSecret,
      smtpListening: () => (listener ? listener.listening : null),
      now,
      logger,
    })
    : null;
  // The listener takes mail while the pipeline warms up; the node has started once both have.
  const pipelineStarted = pipeline ? pipeline.start() : Promise.resolve();
  const swept = await store.spool.sweepBodyFiles(now());
  if (swept > 0) logger.info({ swept }, 'removed body files of messages that never got their 250');
  const [smtpAddress, httpAddress] = await Promise.all([
    listener ? listener.listen() : null,
    http ? http.listen(config.service.http.port, config.service.http.host) : null,
    pipelineStarted,
  ]);
  logger.info(
    { roles: [...roles], node, smtp: smtpAddress, http: httpAddress, database: databaseDescription(config.service), outbound: outboundDescription(config.service) },
    'campaign-agent started',
  );
  return {
    smtp: smtpAddress,
    http: httpAddress,
    store,
    async close() {
      await listener?.close();
      await pipeline?.stop();
      await http?.close();
      await store.close();
      logger.info('campaign-agent stopped');
    },
  };
}

/** The SMTP listener over the store's spool; each message accepted wakes this node's worker, if it has one. */
function startListener(
  config: Config,
  deps: { store: Store; metrics: ReturnType<typeof createMetrics>; now: () => number; logger: Logger; kick: () => void },
) {
  const { store, metrics } = deps;
  const campaigns = campaignAddresses(config);
  return createListener(
    {
      campaignFor: (recipient) => mailboxFor(recipient, { campaigns, servedDomains: config.service.servedDomains }),
      accept: (envelopes) => store.spool.acceptGrouped(envelopes),
      createBodyFile: () => store.spool.createBodyFile(),
      accepted: (_ids, accepted) => {
        for (const campaign of accepted) metrics.messageReceived(campaign);
        deps.kick();
      },
      refused: (reason) => metrics.messageRefused(reason),
      now: deps.now,
      logger: deps.logger,
    },
    { ...config.service.smtp, name: config.service.domain },
  );
}

/** The database as the start-up line names it: never the URL, which may carry a password. */
function databaseDescription(service: Config['service']): string {
  if (service.databaseUrl === null) return service.databasePath;
  return `PostgreSQL at ${URL.canParse(service.databaseUrl) ? new URL(service.databaseUrl).host || 'localhost' : 'the configured URL'}`;
}
