import type { Command } from 'commander';
import { openStore } from '../store/open.js';
import { formatHistory } from '../report/explain-format.js';
import { CliError, EXIT_INVALID, type CommandContext } from './context.js';

export function registerExplain(program: Command, context: CommandContext): void {
  program
    .command('explain')
    .argument('<lead>', 'lead id, or an address of the lead (the prospect or a colleague in the thread)')
    .description("print a lead's thread, how each message was understood, and every decision, in order")
    .option('--campaign <address>', 'the campaign, when the address wrote to several')
    .option('--database <file>', 'SQLite database file (env DATABASE_PATH)')
    .action(async (reference: string, options) => {
      const config = context.configure({ databasePath: options.database });
      const store = await openStore(config.service);
      try {
        const history = store.leadHistory;
        const leads = await history.find(reference, options.campaign?.toLowerCase());
        if (leads.length === 0) throw new CliError(`no lead ${reference}${options.campaign ? ` on ${options.campaign}` : ''}`, EXIT_INVALID);
        if (leads.length > 1) {
          const choices = leads.map((lead) => `  ${lead.id}  ${lead.email} on ${lead.campaign}`).join('\n');
          throw new CliError(`${reference} matches ${leads.length} leads; name one by id or add --campaign:\n${choices}`, EXIT_INVALID);
        }
        console.log(formatHistory(await history.history(leads[0]!)));
      } finally {
        await store.close();
      }
    });
}
