import { rm } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import { z } from 'zod';
import type { Config } from '../config/types.js';
import { openStore } from '../store/open.js';
import type { Store } from '../store/store.js';
import { buildCalendars } from '../service/assembly.js';
import { createLogger } from '../service/logger.js';
import { forgetOnCalendars } from '../pipeline/calendar-forget.js';
import { CliError, EXIT_FAILURE, EXIT_INVALID, type CommandContext } from './context.js';

const address = z.email();

/** `forget` and `export`: a person's right to have their data erased, or to see all of it. */
export function registerPrivacy(program: Command, context: CommandContext, now: () => number = Date.now): void {
  personCommand(program, context, 'export', 'print everything held about one person (leads, threads, messages byte for byte, meetings, decisions) as JSON',
    async ({ store, email, by }) => {
      const person = await store.personalData.export(email, { now: now(), by });
      if (!person) throw new CliError(`nothing is held about ${email}`, EXIT_INVALID);
      console.log(JSON.stringify(person, null, 2));
    });

  personCommand(program, context, 'forget', "erase one person's data everywhere the service keeps it; reports still count their leads and meetings",
    async ({ store, config, email, by, options }) => {
      // The calendars first: once the store forgets, nothing says which events named them.
      const meetings = await store.personalData.meetings(email);
      if (!options.skipCalendars && meetings.length > 0) {
        const calendars = await forgetOnCalendars({ config, calendars: buildCalendars(config, createLogger()) }, meetings);
        if (calendars.failed.length > 0) {
          const lines = calendars.failed.map((failure) => `  ${failure.uid}: ${failure.reason}`).join('\n');
          throw new CliError(`nothing was forgotten: ${calendars.failed.length} calendar event(s) could not be changed:\n${lines}\n`
            + 'Try again when the calendar answers, or add --skip-calendars to forget now and leave those events as they are.', EXIT_FAILURE);
        }
        if (calendars.updated > 0) console.log(`${calendars.updated} calendar event(s) no longer name them.`);
      }
      const outcome = await store.personalData.forget(email, { now: now(), by });
      // Mail written to the outbox folder (no relay configured) is a copy of the agent's outbound mail.
      const removed = await Promise.all(
        outcome.outboundIds.map((id) => rm(join(config.service.outboxDir, `${String(id).padStart(8, '0')}.eml`)).then(() => 1, () => 0)),
      );
      const files = removed.reduce<number>((sum, one) => sum + one, 0);
      console.log(`${email}: forgotten in ${outcome.leads} lead(s) and ${outcome.messages} message(s)${files > 0 ? `; ${files} outbox file(s) deleted` : ''}.`);
      console.log('Reports still count those leads and meetings. An unsubscribe stays on record, so it is still honoured.');
      console.log('Not reached from here: copies outside the service (mail in the reps\' and the person\'s mailboxes, invitations they accepted, a relay\'s logs, forward_to inboxes, log files).');
    }).option('--skip-calendars', 'leave the calendar events as they are (when a calendar cannot be reached)');
}

interface PersonOptions {
  requestedBy?: string;
  database?: string;
  skipCalendars?: boolean;
}

type PersonAction = (input: { store: Store; config: Config; email: string; by: string; options: PersonOptions }) => Promise<void>;

/** A command about one person: their address, who asks, the database. */
function personCommand(program: Command, context: CommandContext, name: string, description: string, action: PersonAction): Command {
  return program
    .command(name)
    .argument('<email>', "the person's address")
    .description(description)
    .option('--requested-by <name>', 'who asks (recorded, without the address; default: the login name)')
    .option('--database <file>', 'SQLite database file (env DATABASE_PATH)')
    .action(async (email: string, options: PersonOptions) => {
      const config = context.configure({ databasePath: options.database });
      const checkedEmail = checked(email);
      const store = await openStore(config.service);
      try {
        await action({ store, config, email: checkedEmail, by: requester(options.requestedBy), options });
      } finally {
        await store.close();
      }
    });
}

function checked(email: string): string {
  if (!address.safeParse(email).success) throw new CliError(`"${email}" is not an email address`, EXIT_INVALID);
  return email.toLowerCase();
}

function requester(given: string | undefined): string {
  return given ?? process.env.USER ?? process.env.LOGNAME ?? userInfo().username;
}
