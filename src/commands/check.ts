import type { Command } from 'commander';
import type { CommandContext } from './context.js';

export function registerCheck(program: Command, context: CommandContext): void {
  program
    .command('check')
    .description('validate the configuration; errors name the file, line and column')
    .action(() => {
      const config = context.configure();
      const campaigns = config.campaigns.map((campaign) => campaign.address).join(', ');
      console.log(
        `${config.file}: OK (${config.hosts.length} team member(s), ${config.campaigns.length} campaign(s): ${campaigns})`,
      );
    });
}
