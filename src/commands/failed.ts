import type { Command } from 'commander';
import { createLogger } from '../service/logger.js';
import { openStore } from '../store/open.js';
import type { FailedMessage } from '../store/spool.js';
import { retryMessage } from '../service/replay.js';
import { CliError, EXIT_INVALID, type CommandContext } from './context.js';

const STATUS: Record<FailedMessage['status'], (message: FailedMessage) => string> = {
  retrying: (message) => `retrying at ${message.nextAttemptAt}`,
  handed_off: () => 'handed to a person',
  failed: () => 'failed (before retries existed): retry it',
};

/** `failed` lists what the pipeline could not handle; `retry ID` runs one again. Nothing is ever dropped. */
export function registerFailed(program: Command, context: CommandContext): void {
  program
    .command('failed')
    .description('list inbound messages the pipeline could not handle (retrying, or handed to a person), with the reason')
    .option('--json', 'machine-readable output')
    .option('--database <file>', 'SQLite database file (env DATABASE_PATH)')
    .action(async (options) => {
      const config = context.configure({ databasePath: options.database });
      const store = await openStore(config.service);
      try {
        const failed = await store.spool.listFailed();
        if (options.json) return console.log(JSON.stringify(failed, null, 2));
        if (failed.length === 0) return console.log('no failed messages');
        for (const message of failed) {
          const reason = message.error.split('\n')[0];
          console.log(`${message.id}  ${message.receivedAt}  ${message.campaign}  from ${message.from ?? '(unknown)'}  attempts ${message.attempts}  ${STATUS[message.status](message)}\n    ${reason}`);
        }
      } finally {
        await store.close();
      }
    });

  program
    .command('retry')
    .argument('<id>', 'the id `failed` shows')
    .description('run a failed message through the pipeline again and send what it produces')
    .option('--database <file>', 'SQLite database file (env DATABASE_PATH)')
    .action(async (id: string, options) => {
      const config = context.configure({ databasePath: options.database });
      if (!/^\d+$/.test(id)) throw new CliError(`"${id}" is not a message id`, EXIT_INVALID);
      const result = await retryMessage({ config, id: Number(id), logger: createLogger() });
      if (!result.ok) throw new CliError(result.error, EXIT_INVALID);
      console.log(result.summary);
    });
}
