import { Option, type Command } from 'commander';
import { openStore } from '../store/open.js';
import { buildReport, parseInstant, REPORT_DIMENSIONS, type ReportDimension } from '../report/campaign-report.js';
import { formatFunnel, formatReport, type ReportFormat } from '../report/format.js';
import { CliError, EXIT_INVALID, type CommandContext } from './context.js';

/** `now` is the clock relative dates and the default --until read; tests pass their own. */
export function registerReport(program: Command, context: CommandContext, now: () => number = Date.now): void {
  program
    .command('report')
    .description('leads received, meetings booked, booking rate and time to reply and to meeting (docs/reports.md)')
    .option('--campaign <address>', 'only this campaign')
    .option('--since <when>', 'leads first received at or after: YYYY-MM-DD, ISO instant or Nd (days ago)', '30d')
    .option('--until <when>', 'leads first received before (default: now)')
    .addOption(new Option('--by <dimension>', 'group rows by').choices(REPORT_DIMENSIONS).default('campaign'))
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'csv', 'json']).default('table'))
    .option('--funnel', 'show the funnel leads → offered → booked → held instead')
    .option('--database <file>', 'SQLite database file (env DATABASE_PATH)')
    .action(async (options) => {
      const config = context.configure({ databasePath: options.database });
      const at = now();
      const since = parseInstant(options.since, at);
      const until = options.until ? parseInstant(options.until, at) : at + 1;
      if (since === null || until === null) {
        throw new CliError('--since/--until take YYYY-MM-DD, an ISO instant, or Nd (days ago)', EXIT_INVALID);
      }
      if (until <= since) throw new CliError('--until must be after --since', EXIT_INVALID);
      const campaign = options.campaign?.toLowerCase();
      if (campaign && !config.campaigns.some((candidate) => candidate.address === campaign)) {
        throw new CliError(`no campaign ${campaign} in ${config.file}`, EXIT_INVALID);
      }
      const store = await openStore(config.service);
      try {
        const report = await buildReport(store.reports, config, {
          since,
          until,
          by: options.by as ReportDimension,
          ...(campaign ? { campaign } : {}),
        });
        const format = options.format as ReportFormat;
        console.log(options.funnel ? formatFunnel(report, format) : formatReport(report, format));
      } finally {
        await store.close();
      }
    });
}
