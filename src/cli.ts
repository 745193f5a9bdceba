import { Command, InvalidArgumentError, Option } from 'commander';
import { readFileSync } from 'node:fs';
import { formatConfigError, loadConfig, type ConfigOverrides } from './config/load.js';
import type { Config } from './config/types.js';
import { createLogger, startService } from './app.js';
import { replayFile } from './replay.js';
import { openStore } from './store/store.js';
import { campaignReport, parseInstant } from './report/campaign-report.js';
import { formatReport, type ReportFormat } from './report/format.js';

/** Exit codes: 0 fine, 1 invalid configuration or input, 2 runtime failure. */
const EXIT_INVALID = 1;
const EXIT_FAILURE = 2;
const DEFAULT_CONFIG = 'config/campaigns.yaml';

class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
  }
}

function configure(overrides: ConfigOverrides = {}): Config {
  const file = program.opts<{ config?: string }>().config ?? process.env.CAMPAIGN_AGENT_CONFIG ?? DEFAULT_CONFIG;
  const result = loadConfig({ file, env: process.env, overrides });
  if (result.ok) return result.config;
  throw new CliError(result.errors.map(formatConfigError).join('\n'), EXIT_INVALID);
}

function port(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0 || parsed > 65535) throw new InvalidArgumentError('not a port number');
  return parsed;
}

const program = new Command('campaign-agent')
  .description('Turns a campaign email address into booked meetings.')
  .option('-c, --config <file>', `the YAML configuration (env CAMPAIGN_AGENT_CONFIG, default ${DEFAULT_CONFIG})`)
  .showHelpAfterError();

program
  .command('serve')
  .description('run the SMTP listener, the worker and the web server')
  .option('--smtp-host <host>', 'SMTP listen address (env SMTP_HOST)')
  .option('--smtp-port <port>', 'SMTP listen port (env SMTP_PORT)', port)
  .option('--http-host <host>', 'web listen address (env HTTP_HOST)')
  .option('--http-port <port>', 'web listen port (env HTTP_PORT)', port)
  .option('--database <file>', 'SQLite database file (env DATABASE_PATH)')
  .option('--outbound-smtp-url <url>', 'relay for outbound mail (env OUTBOUND_SMTP_URL)')
  .option('--no-worker', 'accept and store mail, but do not process or send it (maintenance)')
  .action(async (options) => {
    const config = configure({
      smtpHost: options.smtpHost,
      smtpPort: options.smtpPort,
      httpHost: options.httpHost,
      httpPort: options.httpPort,
      databasePath: options.database,
      outboundSmtpUrl: options.outboundSmtpUrl,
    });
    const logger = createLogger();
    const service = await startService(config, { logger, worker: options.worker });
    const stop = (signal: string) => {
      logger.info({ signal }, 'shutting down');
      service.close().then(
        () => process.exit(0),
        (error: unknown) => {
          logger.error({ err: error }, 'shutdown failed');
          process.exit(EXIT_FAILURE);
        },
      );
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
  });

program
  .command('check')
  .description('validate the configuration; errors name the file, line and column')
  .action(() => {
    const config = configure();
    console.log(
      `${config.file}: OK (${config.hosts.length} team member(s), ${config.campaigns.length} campaign(s): ${config.campaigns
        .map((campaign) => campaign.address)
        .join(', ')})`,
    );
  });

program
  .command('report')
  .description('leads received, meetings booked, booking rate and time to first reply per campaign')
  .option('--campaign <address>', 'only this campaign')
  .option('--since <when>', 'leads first received at or after: YYYY-MM-DD, ISO instant or Nd (days ago)', '30d')
  .option('--until <when>', 'leads first received before (default: now)')
  .addOption(new Option('--by <dimension>', 'group rows by').choices(['campaign']).default('campaign'))
  .addOption(new Option('--format <format>', 'output format').choices(['table', 'csv', 'json']).default('table'))
  .option('--database <file>', 'SQLite database file (env DATABASE_PATH)')
  .action((options) => {
    const config = configure({ databasePath: options.database });
    const now = Date.now();
    const since = parseInstant(options.since, now);
    const until = options.until ? parseInstant(options.until, now) : now + 1;
    if (since === null || until === null) {
      throw new CliError('--since/--until take YYYY-MM-DD, an ISO instant, or Nd (days ago)', EXIT_INVALID);
    }
    const store = openStore(config.service.databasePath);
    try {
      const campaign = options.campaign?.toLowerCase();
      if (campaign && !config.campaigns.some((candidate) => candidate.address === campaign)) {
        throw new CliError(`no campaign ${campaign} in ${config.file}`, EXIT_INVALID);
      }
      const rows = campaignReport(store.leads, config, { since, until, ...(campaign ? { campaign } : {}) });
      console.log(formatReport(rows, options.format as ReportFormat));
    } finally {
      store.close();
    }
  });

program
  .command('replay')
  .argument('<file>', 'an .eml file')
  .description('feed a message through the pipeline as if it had been received, and send the answers')
  .option('--to <address>', 'the campaign address it was sent to (default: the campaign among To/Cc)')
  .option('--database <file>', 'SQLite database file (env DATABASE_PATH)')
  .action(async (file: string, options) => {
    const config = configure({ databasePath: options.database });
    let raw: Buffer;
    try {
      raw = readFileSync(file);
    } catch (error) {
      throw new CliError(`cannot read ${file}: ${(error as Error).message}`, EXIT_INVALID);
    }
    const result = await replayFile({ config, raw, to: options.to, logger: createLogger() });
    if (!result.ok) throw new CliError(result.error, EXIT_INVALID);
    console.log(result.summary);
  });

program.parseAsync(process.argv).catch((error: unknown) => {
  if (error instanceof CliError) {
    console.error(error.message);
    process.exit(error.exitCode);
  }
  console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exit(EXIT_FAILURE);
});
