import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../src/config/load.js';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from './support/service.js';
import { describeWithPostgres, postgresDatabase, type TestDatabase } from './support/postgres.js';

const tempDirOf = (file: string) => file.slice(0, file.lastIndexOf('/'));

function cli(args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], {
    env: { ...process.env, LOG_LEVEL: 'silent', DATABASE_URL: '', ...env },
    encoding: 'utf8',
    timeout: 30_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('choosing the database engine', () => {
  it('check names a PostgreSQL server it cannot reach, exits 2, and never shows the password', () => {
    const result = cli(['check'], { DATABASE_URL: 'postgres://agent:s3cr3t-pw@127.0.0.1:1/agent' });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('the configuration is valid, but the database is not: cannot reach PostgreSQL at 127.0.0.1:1 (ECONNREFUSED)');
    expect(result.stderr + result.stdout).not.toContain('s3cr3t-pw');
  });

  it('a DATABASE_URL that is not a postgres:// URL is a configuration error that does not echo it', () => {
    const result = cli(['check'], { DATABASE_URL: 'mysql://agent:s3cr3t-pw@db/agent' });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('DATABASE_URL');
    expect(result.stderr).toContain('is not a postgres:// or postgresql:// URL');
    expect(result.stderr).not.toContain('s3cr3t-pw');
  });

  it('service.database names the SQLite file or the variable holding a PostgreSQL URL; DATABASE_URL wins', () => {
    const file = join(tempDir(), 'campaigns.yaml');
    const yaml = readFileSync('config/campaigns.yaml', 'utf8').replaceAll('../fixtures/', `${process.cwd()}/fixtures/`);
    writeFileSync(file, yaml.replace('  domain: meet.acme.com', '  domain: meet.acme.com\n  database: { path: db/agent.db, url_env: AGENT_DB_URL }'));
    const missing = loadConfig({ file, env: {} });
    expect(missing.ok).toBe(false);
    expect(JSON.stringify(missing)).toContain('environment variable \\"AGENT_DB_URL\\" is not set');
    const fromFile = loadConfig({ file, env: { AGENT_DB_URL: 'postgres://a@db1/agent' } });
    expect(fromFile.ok && fromFile.config.service).toMatchObject({ databaseUrl: 'postgres://a@db1/agent', databasePath: join(tempDirOf(file), 'db/agent.db') });
    const fromEnv = loadConfig({ file, env: { AGENT_DB_URL: 'postgres://a@db1/agent', DATABASE_URL: 'postgresql://b@db2/agent' } });
    expect(fromEnv.ok && fromEnv.config.service.databaseUrl).toBe('postgresql://b@db2/agent');
  });

  it('migrate brings a SQLite file up to date, then finds nothing to do', () => {
    const database = join(tempDir(), 'agent.db');
    const first = cli(['migrate', '--database', database]);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain(`${database}: applied 001_initial,`);
    expect(first.stdout).toContain('012_claim_leases');
    expect(cli(['migrate', '--database', database]).stdout).toContain(`${database}: the schema is up to date`);
  });
});

describeWithPostgres('choosing PostgreSQL', () => {
  let database: TestDatabase | null = null;
  afterEach(async () => {
    await database?.drop();
    database = null;
  });

  it('DATABASE_URL selects PostgreSQL: migrate applies its schema once, and check reaches it', async () => {
    database = await postgresDatabase();
    const env = { DATABASE_URL: database.url, DATABASE_PATH: join(tempDir(), 'unused.db') };
    const first = cli(['migrate'], env);
    expect(first.stderr).toBe('');
    expect(first.stdout).toMatch(/PostgreSQL at 127\.0\.0\.1:\d+: applied 001_initial/);
    expect(cli(['migrate'], env).stdout).toContain('the schema is up to date');
    expect(cli(['check'], env).code).toBe(0);
  });
});
