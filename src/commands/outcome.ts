import { userInfo } from 'node:os';
import type { Command } from 'commander';
import { openStore } from '../store/open.js';
import { recordOutcome } from '../pipeline/record-outcome.js';
import { checkOutcome, describeRefusal, isMeetingOutcome, MEETING_OUTCOMES } from '../core/report-outcome.js';
import { utcMinute } from '../report/units.js';
import { CliError, EXIT_INVALID, type CommandContext } from './context.js';

/** `now` decides whether the meeting has started; tests pass their own clock. */
export function registerOutcome(program: Command, context: CommandContext, now: () => number = Date.now): void {
  program
    .command('outcome')
    .argument('<booking>', 'booking id or iCalendar uid')
    .argument('<outcome>', MEETING_OUTCOMES.join(' | '))
    .description('record what happened at a meeting: held, no_show, or disqualified with a reason code')
    .option('--reason <code>', 'why the lead was disqualified, e.g. no_budget (disqualified only)')
    .option('--recorded-by <name>', 'who is recording it (default: the login name)')
    .option('--database <file>', 'SQLite database file (env DATABASE_PATH)')
    .action(async (reference: string, outcome: string, options) => {
      if (!isMeetingOutcome(outcome)) {
        throw new CliError(`outcome must be one of ${MEETING_OUTCOMES.join(', ')}, not "${outcome}"`, EXIT_INVALID);
      }
      const config = context.configure({ databasePath: options.database });
      const recordedBy: string = options.recordedBy ?? process.env.USER ?? process.env.LOGNAME ?? userInfo().username;
      const reason: string | null = options.reason ?? null;
      const store = await openStore(config.service);
      try {
        const outcomes = store.outcomes;
        const booking = await outcomes.booking(reference);
        if (!booking) throw new CliError(`no booking ${reference}`, EXIT_INVALID);
        const at = now();
        const verdict = checkOutcome({ outcome, reason, booking, now: at });
        const label = `booking ${booking.id} (${booking.attendeeEmail}, ${booking.campaign}, ${utcMinute(booking.start)} with ${booking.hostId})`;
        if (!verdict.ok) throw new CliError(`${label}: ${describeRefusal(verdict.reason)}`, EXIT_INVALID);
        const result = await recordOutcome({ store, config }, { booking, outcome, reason, recordedBy, source: 'cli' }, at);
        const what = reason ? `${outcome} (${reason})` : outcome;
        switch (result.change) {
          case 'recorded':
            console.log(`${label}: ${what} recorded by ${recordedBy}`);
            break;
          case 'changed':
            console.log(`${label}: changed from ${result.previous!.outcome} to ${what} by ${recordedBy}`);
            break;
          case 'unchanged':
            console.log(`${label}: already ${what} (recorded by ${result.previous!.recordedBy} ${utcMinute(result.previous!.recordedAt)}); nothing changed`);
            break;
        }
      } finally {
        await store.close();
      }
    });
}
