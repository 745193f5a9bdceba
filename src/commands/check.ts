import type { Command } from 'commander';
import { unreachableStore } from '../store/open.js';
import { CliError, EXIT_FAILURE, type CommandContext } from './context.js';

export function registerCheck(program: Command, context: CommandContext): void {
  program
    .command('check')
    .description('validate the configuration; errors name the file, line and column')
    .action(async () => {
      const config = context.configure();
      // A valid file is not enough when the database it names cannot be reached: serve would fail.
      const unreachable = await unreachableStore(config.service);
      if (unreachable !== null) throw new CliError(`${config.file}: the configuration is valid, but the database is not: ${unreachable}`, EXIT_FAILURE);
      const campaigns = config.campaigns.map((campaign) => campaign.address).join(', ');
      console.log(
        `${config.file}: OK (${config.hosts.length} team member(s), ${config.campaigns.length} campaign(s): ${campaigns})`,
      );
    });
}
