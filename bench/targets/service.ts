/**
 * The service under test, as `serve` runs it (startNode: real listener, store, worker on its
 * thread), on the demo configuration with a temp database (SQLite, or the PostgreSQL database
 * `databaseUrl` names) and loopback ports only.
 */
import { join } from 'node:path';
import pg from 'pg';
import pino from 'pino';
import { ROLES, startNode, type Role } from '../../src/service/service.js';
import { loadConfig } from '../../src/config/load.js';
import { createPeakSampler, memorySnapshot, serveRequests, targetOptions } from './ipc.js';
import { sqliteConnection } from '../../src/store/sqlite/store.js';

export interface ServiceTargetOptions {
  /** Folder for the database, the outbox and the log. */
  dir: string;
  /** The demo configuration (absolute path). */
  configFile: string;
  outboundSmtpUrl: string;
  /** A fake OpenAI-compatible endpoint; the rules engine alone when absent. */
  openaiBaseUrl?: string;
  maxMessageBytes?: number;
  /** false: accept and store only (`serve --no-worker`), to separate listener cost from pipeline cost. */
  worker?: boolean;
  /** A postgres:// URL (as DATABASE_URL): the PostgreSQL engine instead of a SQLite file in `dir`. */
  databaseUrl?: string;
  /** Some of the roles only (`serve --role`), e.g. a worker alone on a database others share. */
  roles?: Role[];
}

const options = targetOptions<ServiceTargetOptions>();
const loaded = loadConfig({
  file: options.configFile,
  env: {
    ...(options.openaiBaseUrl ? { OPENAI_BASE_URL: options.openaiBaseUrl, OPENAI_API_KEY: 'bench' } : {}),
    ...(options.databaseUrl ? { DATABASE_URL: options.databaseUrl } : {}),
  },
  overrides: { databasePath: join(options.dir, 'bench.db'), smtpPort: 0, httpPort: 0, outboundSmtpUrl: options.outboundSmtpUrl },
});
if (!loaded.ok) throw new Error(`demo configuration: ${JSON.stringify(loaded.errors)}`);
const { service: settings } = loaded.config;
const config = {
  ...loaded.config,
  service: {
    ...settings,
    outboxDir: join(options.dir, 'outbox'),
    // The load comes from one loopback address over up to 32 connections, as Postfix's does.
    smtp: { ...settings.smtp, maxConnectionsPerIp: settings.smtp.maxConnections - 1, maxMessageBytes: options.maxMessageBytes ?? settings.smtp.maxMessageBytes },
  },
};
// Logging at the default level to a file: the service pays for its logs as Postfix does for its maillog.
const logger = pino({ level: 'info', base: { service: 'campaign-agent' } }, pino.destination({ dest: join(options.dir, 'service.log'), sync: true }));
// The pipeline thread logs to stderr on its own; keep the bench's terminal to the tables.
process.env.LOG_LEVEL ??= 'warn';
const roles = new Set<Role>(options.roles ?? ROLES);
if (options.worker === false) roles.delete('worker');
const service = await startNode(config, { logger, roles, pipelineThread: true });
const sampler = createPeakSampler();
// The contract has no row counts (nothing in the product needs them): each engine's own SQL.
const postgres = options.databaseUrl ? new pg.Pool({ connectionString: options.databaseUrl, max: 1 }) : null;
const count = async (sql: string): Promise<number> =>
  postgres ? Number((await postgres.query<{ count: string }>(sql)).rows[0]!.count) : (sqliteConnection(service.store).prepare(sql).pluck().get() as number);

serveRequests({
  memory: memorySnapshot,
  'peak-reset': sampler.reset,
  peak: sampler.peak,
  counts: async () => ({
    stored: await count(`SELECT count(*) FROM messages WHERE direction = 'in'`),
    pending: (await service.store.spool.backlog()).pending,
    failed: await count(`SELECT count(*) FROM messages WHERE direction = 'in' AND status = 'failed'`),
    sent: await count(`SELECT count(*) FROM messages WHERE direction = 'out' AND status = 'sent'`),
  }),
  stop: async () => {
    await postgres?.end();
    await service.close();
  },
});
// Port 0 tells the parent this node has no listener (a worker alone).
process.send!({ ready: true, smtpPort: service.smtp?.port ?? 0 });
