import type { Command } from 'commander';
import { createLogger } from '../service/logger.js';
import { startService } from '../service/service.js';
import { EXIT_FAILURE, portArgument, type CommandContext } from './context.js';

export function registerServe(program: Command, context: CommandContext): void {
  program
    .command('serve')
    .description('run the SMTP listener, the worker and the web server')
    .option('--smtp-host <host>', 'SMTP listen address (env SMTP_HOST)')
    .option('--smtp-port <port>', 'SMTP listen port (env SMTP_PORT)', portArgument)
    .option('--http-host <host>', 'web listen address (env HTTP_HOST)')
    .option('--http-port <port>', 'web listen port (env HTTP_PORT)', portArgument)
    .option('--database <file>', 'SQLite database file (env DATABASE_PATH)')
    .option('--outbound-smtp-url <url>', 'relay for outbound mail (env OUTBOUND_SMTP_URL)')
    .option('--no-worker', 'accept and store mail, but do not process or send it (maintenance)')
    .action(async (options) => {
      const config = context.configure({
        smtpHost: options.smtpHost,
        smtpPort: options.smtpPort,
        httpHost: options.httpHost,
        httpPort: options.httpPort,
        databasePath: options.database,
        outboundSmtpUrl: options.outboundSmtpUrl,
      });
      const logger = createLogger();
      // Listening before start-up ends (the health check may already pass): a stop asked for
      // meanwhile waits for the start, so nothing half-opened is left behind.
      const starting = startService(config, { logger, worker: options.worker, pipelineThread: true });
      const stop = (signal: string) => {
        logger.info({ signal }, 'shutting down');
        starting.then((service) => service.close()).then(
          () => process.exit(0),
          (error: unknown) => {
            logger.error({ err: error }, 'shutdown failed');
            process.exit(EXIT_FAILURE);
          },
        );
      };
      process.once('SIGTERM', () => stop('SIGTERM'));
      process.once('SIGINT', () => stop('SIGINT'));
      await starting;
    });
}
