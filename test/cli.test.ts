import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from './support/service.js';
import { openStore } from '../src/store/open.js';
import { BY_HAND } from '../src/store/spool.js';

function cli(args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], {
    env: { ...process.env, LOG_LEVEL: 'silent', ...env },
    encoding: 'utf8',
    timeout: 20_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The shipped demo config with some lines replaced, written beside copies of nothing else. */
function brokenConfig(edit: (yaml: string) => string): string {
  const yaml = readFileSync('config/campaigns.yaml', 'utf8').replaceAll('../fixtures/', `${process.cwd()}/fixtures/`);
  const file = join(tempDir(), 'campaigns.yaml');
  writeFileSync(file, edit(yaml));
  return file;
}

describe('campaign-agent CLI', () => {
  it('check accepts the shipped demo configuration', () => {
    const result = cli(['check']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('OK (2 team member(s), 2 campaign(s)');
  });

  it('check reports every mistake with file, line and column, and exits 1', () => {
    const file = brokenConfig((yaml) =>
      yaml
        .replace('    name: Q3 webinar follow-up', '    name: Q3 webinar follow-up\n    adress: typo@meet.acme.com')
        .replace('time_zone: America/New_York\n    working_hours', 'time_zone: America/New_Yrok\n    working_hours')
        .replace('routing: round_robin', 'routing: round-robin')
        .replace('team: [bob, alice]', 'team: [bob, carol]'),
    );
    const result = cli(['--config', file, 'check']);
    expect(result.code).toBe(1);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(4);
    for (const line of lines) expect(line).toMatch(new RegExp(`^${file}:\\d+:\\d+: `));
    expect(result.stderr).toMatch(/America\/New_Yrok" is not a valid IANA time zone/);
    expect(result.stderr).toMatch(/unknown key "adress"/);
    expect(result.stderr).toMatch(/"round-robin" is not a routing mode/);
    expect(result.stderr).toMatch(/"carol" is not in team/);
  });

  it('serve refuses to start on an invalid file', () => {
    const file = brokenConfig((yaml) => yaml.replace('routing: round_robin', 'routing: fastest'));
    const result = cli(['--config', file, 'serve'], { SMTP_PORT: '0', HTTP_PORT: '0' });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/"fastest" is not a routing mode/);
  });

  it('replays a message, answers it, and reports the lead in json and csv', () => {
    const database = join(tempDir(), 'agent.db');
    const env = { DATABASE_PATH: database };
    const replay = cli(['replay', 'fixtures/mail/first-contact.eml'], env);
    expect(replay.stderr).toBe('');
    expect(replay.code).toBe(0);
    expect(replay.stdout).toMatch(/→ human; 1 mail\(s\) queued and sent/);

    const json = JSON.parse(cli(['report', '--format', 'json'], env).stdout) as Array<Record<string, unknown>>;
    expect(json.find((row) => row.campaign === 'webinar-q3@meet.acme.com')).toMatchObject({
      leads: 1,
      booked: 0,
      bookingRate: 0,
    });
    const csv = cli(['report', '--format', 'csv', '--campaign', 'webinar-q3@meet.acme.com'], env).stdout.trim().split('\n');
    expect(csv[0]).toMatch(/^campaign,name,leads,booked,booking_rate,median_first_reply_seconds,/);
    expect(csv[1]).toMatch(/^webinar-q3@meet\.acme\.com,Q3 webinar follow-up,1,0,0\.0000,\d+\.\d,/);
    const table = cli(['report'], env).stdout;
    for (const line of table.trim().split('\n')) expect(line.length).toBeLessThanOrEqual(80);
  });

  it('failed lists what the pipeline could not handle; retry runs it again', async () => {
    const database = join(tempDir(), 'agent.db');
    const store = await openStore({ databasePath: database, databaseUrl: null });
    const raw = readFileSync('fixtures/mail/first-contact.eml');
    const [lost, good] = await store.spool.accept([
      { campaign: 'retired@meet.acme.com', envelopeFrom: null, envelopeTo: ['retired@meet.acme.com'], remoteAddress: null, helo: null, raw: { bytes: raw }, receivedAt: Date.now() },
      { campaign: 'webinar-q3@meet.acme.com', envelopeFrom: null, envelopeTo: ['webinar-q3@meet.acme.com'], remoteAddress: null, helo: null, raw: { bytes: raw }, receivedAt: Date.now() },
    ]);
    const claim = async (id: number) => (await store.spool.claimById(id, Date.now(), BY_HAND))!.attempts;
    await store.spool.markHandedOff(lost!, await claim(lost!), 'campaign retired@meet.acme.com is no longer configured', Date.now());
    await store.spool.retryLater(good!, await claim(good!), 'calendar unreachable', Date.now() + 60_000);
    await store.close();
    const env = { DATABASE_PATH: database };

    const listed = JSON.parse(cli(['failed', '--json'], env).stdout) as Array<{ id: number; error: string }>;
    expect(listed.map((message) => message.id).sort()).toEqual([lost, good].sort());
    const table = cli(['failed'], env).stdout;
    expect(table).toMatch(new RegExp(`${lost}\\s.*handed to a person[^]*no longer configured`));
    expect(table).toMatch(new RegExp(`${good}\\s.*retrying at 20\\d\\d-[^]*calendar unreachable`));

    const retried = cli(['retry', String(good)], env);
    expect(retried.stderr).toBe('');
    expect(retried.stdout).toMatch(/→ human; 1 mail\(s\) queued and sent/);
    const again = cli(['retry', String(lost)], env);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/no longer configured; it was handed to a person with the original attached/);
    expect((JSON.parse(cli(['failed', '--json'], env).stdout) as unknown[]).length).toBe(1);
  });

  it('replay of a file with no campaign recipient says so and exits 1', () => {
    const file = join(tempDir(), 'stray.eml');
    writeFileSync(file, 'From: a@example.com\r\nTo: someone@example.org\r\nSubject: hi\r\n\r\nhello\r\n');
    const result = cli(['replay', file], { DATABASE_PATH: join(tempDir(), 'agent.db') });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/no campaign address among the recipients/);
  });
});
