import { InvalidArgumentError, type Command } from 'commander';
import { createLogger } from '../service/logger.js';
import { ROLES, startNode, type Role } from '../service/service.js';
import { EXIT_FAILURE, portArgument, type CommandContext } from './context.js';

export function registerServe(program: Command, context: CommandContext): void {
  program
    .command('serve')
    .description('run the SMTP listener, the worker and the web server (or some of them: --role)')
    .option('--smtp-host <host>', 'SMTP listen address (env SMTP_HOST)')
    .option('--smtp-port <port>', 'SMTP listen port (env SMTP_PORT)', portArgument)
    .option('--http-host <host>', 'web listen address (env HTTP_HOST)')
    .option('--http-port <port>', 'web listen port (env HTTP_PORT)', portArgument)
    .option('--database <file>', 'SQLite database file (env DATABASE_PATH)')
    .option('--outbound-smtp-url <url>', 'relay for outbound mail (env OUTBOUND_SMTP_URL)')
    .option('--no-worker', 'accept and store mail, but do not process or send it (maintenance)')
    .option('--role <roles>', `what this node does, comma-separated: ${ROLES.join(', ')} (default: all; several nodes share one PostgreSQL database)`, roleList)
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
      const roles = new Set<Role>(options.role ?? ROLES);
      if (options.worker === false) roles.delete('worker');
      const starting = startNode(config, { logger, roles, pipelineThread: true });
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

function roleList(value: string): Role[] {
  const roles = value.split(',').map((role) => role.trim()).filter(Boolean);
  const unknown = roles.filter((role) => !(ROLES as readonly string[]).includes(role));
  if (unknown.length > 0 || roles.length === 0) throw new InvalidArgumentError(`roles are ${ROLES.join(', ')} (comma-separated); got ${JSON.stringify(value)}`);
  return roles as Role[];
}
