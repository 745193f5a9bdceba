import type { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { createLogger } from '../service/logger.js';
import { replayFile } from '../service/replay.js';
import { CliError, EXIT_INVALID, type CommandContext } from './context.js';

export function registerReplay(program: Command, context: CommandContext): void {
  program
    .command('replay')
    .argument('<file>', 'an .eml file')
    .description('feed a message through the pipeline as if it had been received, and send the answers')
    .option('--to <address>', 'the campaign address it was sent to (default: the campaign among To/Cc)')
    .option('--database <file>', 'SQLite database file (env DATABASE_PATH)')
    .action(async (file: string, options) => {
      const config = context.configure({ databasePath: options.database });
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
}
