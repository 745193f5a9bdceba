import type { Command } from 'commander';
import { openStore } from '../store/open.js';
import { CliError, EXIT_INVALID, type CommandContext } from './context.js';

/** The webhook dead letters: deliveries that ran out of attempts, listed and queued again. */
export function registerWebhooks(program: Command, context: CommandContext, now: () => number = Date.now): void {
  const webhooks = program.command('webhooks').description('webhook deliveries that ran out of attempts');

  webhooks
    .command('failed')
    .description('list webhook deliveries that ran out of attempts, with the last error')
    .option('--json', 'machine-readable output')
    .option('--database <file>', 'SQLite database file (env DATABASE_PATH)')
    .action(async (options: { json?: boolean; database?: string }) => {
      const config = context.configure({ databasePath: options.database });
      const store = await openStore(config.service);
      try {
        const failed = (await store.webhooks.failed()).map(({ payload: _payload, ...delivery }) => ({ ...delivery, createdAt: new Date(delivery.createdAt).toISOString() }));
        if (options.json) return console.log(JSON.stringify(failed, null, 2));
        if (failed.length === 0) return console.log('no failed webhook deliveries');
        for (const delivery of failed) {
          console.log(`${delivery.id}  ${delivery.createdAt}  ${delivery.event}  lead ${delivery.leadId ?? '-'}  to ${delivery.endpoint}  attempts ${delivery.attempts}\n    ${delivery.lastError ?? ''}`);
        }
      } finally {
        await store.close();
      }
    });

  webhooks
    .command('retry')
    .argument('<id>', 'the id `webhooks failed` shows, or "all"')
    .description('queue failed webhook deliveries again; the running service sends them within a second')
    .option('--database <file>', 'SQLite database file (env DATABASE_PATH)')
    .action(async (id: string, options: { database?: string }) => {
      if (id !== 'all' && !/^\d+$/.test(id)) throw new CliError(`"${id}" is not a delivery id (or "all")`, EXIT_INVALID);
      const config = context.configure({ databasePath: options.database });
      const store = await openStore(config.service);
      try {
        const queued = await store.webhooks.retry(id === 'all' ? null : Number(id), now());
        if (queued === 0) throw new CliError(id === 'all' ? 'no failed webhook deliveries' : `no failed webhook delivery ${id}`, EXIT_INVALID);
        console.log(`${queued} webhook delivery(ies) queued again`);
      } finally {
        await store.close();
      }
    });
}
