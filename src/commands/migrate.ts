import type { Command } from 'commander';
import { migrateStore } from '../store/open.js';
import type { CommandContext } from './context.js';

export function registerMigrate(program: Command, context: CommandContext): void {
  program
    .command('migrate')
    .description('bring the database schema up to date (serve does it at start too; nodes starting together apply each migration once)')
    .option('--database <file>', 'SQLite database file (env DATABASE_PATH); DATABASE_URL selects PostgreSQL')
    .action(async (options) => {
      const config = context.configure({ databasePath: options.database });
      const { where, applied } = await migrateStore(config.service);
      console.log(
        applied.length === 0
          ? `${where}: the schema is up to date`
          : `${where}: applied ${applied.map((migration) => `${String(migration.version).padStart(3, '0')}_${migration.name}`).join(', ')}`,
      );
    });
}
