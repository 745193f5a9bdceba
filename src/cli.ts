import { Command } from 'commander';
import { CliError, createContext, DEFAULT_CONFIG, EXIT_FAILURE } from './commands/context.js';
import { registerServe } from './commands/serve.js';
import { registerCheck } from './commands/check.js';
import { registerMigrate } from './commands/migrate.js';
import { registerReport } from './commands/report.js';
import { registerReplay } from './commands/replay.js';
import { registerInspect } from './commands/inspect.js';
import { registerOutcome } from './commands/outcome.js';
import { registerExplain } from './commands/explain.js';
import { registerFailed } from './commands/failed.js';
import { registerPrivacy } from './commands/privacy.js';
import { registerWebhooks } from './commands/webhooks.js';

const program = new Command('campaign-agent')
  .description('Turns a campaign email address into booked meetings.')
  .option('-c, --config <file>', `the YAML configuration (env CAMPAIGN_AGENT_CONFIG, default ${DEFAULT_CONFIG})`)
  .showHelpAfterError();
const context = createContext(program);
const commands = [registerServe, registerCheck, registerMigrate, registerReport, registerReplay, registerInspect, registerOutcome, registerExplain, registerFailed, registerPrivacy, registerWebhooks];
for (const register of commands) {
  register(program, context);
}

program.parseAsync(process.argv).catch((error: unknown) => {
  if (error instanceof CliError) {
    console.error(error.message);
    process.exit(error.exitCode);
  }
  console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exit(EXIT_FAILURE);
});
