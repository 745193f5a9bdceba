/**
 * The service under test, as `serve` runs it (startService: real listener, SQLite store,
 * worker), on the demo configuration with a temp database and loopback ports only.
 */
import { join } from 'node:path';
import pino from 'pino';
import { startService } from '../../src/service/service.js';
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
}

const options = targetOptions<ServiceTargetOptions>();
const loaded = loadConfig({
  file: options.configFile,
  env: options.openaiBaseUrl ? { OPENAI_BASE_URL: options.openaiBaseUrl, OPENAI_API_KEY: 'bench' } : {},
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
const service = await startService(config, { logger, worker: options.worker ?? true, pipelineThread: true });
const sampler = createPeakSampler();
const count = (sql: string) => sqliteConnection(service.store).prepare(sql).pluck().get() as number;

serveRequests({
  memory: memorySnapshot,
  'peak-reset': sampler.reset,
  peak: sampler.peak,
  counts: async () => ({
    stored: count(`SELECT count(*) FROM messages WHERE direction = 'in'`),
    pending: (await service.store.spool.backlog()).pending,
    failed: count(`SELECT count(*) FROM messages WHERE direction = 'in' AND status = 'failed'`),
    sent: count(`SELECT count(*) FROM messages WHERE direction = 'out' AND status = 'sent'`),
  }),
  stop: () => service.close(),
});
process.send!({ ready: true, smtpPort: service.smtp.port });
