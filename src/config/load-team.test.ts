import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configFolderRemovedAfterAll, demoConfigYaml, errorsOf, loaded, memberYaml } from '../../test/support/config-files.js';
import { loadConfig } from './load.js';

const folder = configFolderRemovedAfterAll();

// Line numbers in the expectations count from this template: `member` lines start at line 8.
const config = (member = '') =>
  demoConfigYaml({ team: `${memberYaml('Alice', 'America/New_York', 'Alice@Example.com')}${member}`, campaign: '    team: [alice]\n' });

const hostOf = (member: string, env: Record<string, string> = {}, sideFiles: string[] = []) => {
  const file = folder.write(config(member), sideFiles);
  const [host] = loaded(loadConfig({ file, env })).hosts;
  return { host, dir: dirname(file) };
};

const at = (iso: string) => Date.parse(iso);

describe('team: weight, caps and days off', () => {
  it('defaults to weight 1, no caps, no days or time off', () => {
    expect(hostOf('').host).toMatchObject({
      weight: 1,
      caps: { perDay: null, perWeek: null },
      daysOff: [],
      timeOff: [],
    });
  });

  it('reads them as written', () => {
    const member = '    weight: 1.5\n    caps: { per_week: 10 }\n    days_off: ["2026-12-24", "2026-12-31"]\n';
    expect(hostOf(member).host).toMatchObject({
      weight: 1.5,
      caps: { perDay: null, perWeek: 10 },
      daysOff: ['2026-12-24', '2026-12-31'],
    });
  });
});

describe('team: time off is read in the rep\'s zone unless it carries an offset', () => {
  const cases = [
    {
      name: 'whole days, across the start of summer time (8 March 2026 in New York)',
      period: '{ from: "2026-03-07", until: "2026-03-08" }',
      expected: { start: at('2026-03-07T05:00:00Z'), end: at('2026-03-09T04:00:00Z') },
    },
    {
      name: 'one whole day',
      period: '{ from: "2026-07-01", until: "2026-07-01" }',
      expected: { start: at('2026-07-01T04:00:00Z'), end: at('2026-07-02T04:00:00Z') },
    },
    {
      name: 'local times',
      period: '{ from: "2026-07-01T13:00", until: "2026-07-01T17:30:00" }',
      expected: { start: at('2026-07-01T17:00:00Z'), end: at('2026-07-01T21:30:00Z') },
    },
    {
      name: 'times with an offset, and a date until',
      period: '{ from: "2026-07-01T13:00+02:00", until: "2026-07-02" }',
      expected: { start: at('2026-07-01T11:00:00Z'), end: at('2026-07-03T04:00:00Z') },
    },
  ];

  it.each(cases)('$name', ({ period, expected }) => {
    expect(hostOf(`    time_off:\n      - ${period}\n`).host?.timeOff).toEqual([expected]);
  });
});

describe('team: Google calendars', () => {
  it('with a service account, acting as the rep, on the rep\'s calendar', () => {
    const member = `    calendar:
      provider: google
      credentials: { service_account_key_file: key.json }
`;
    const { host, dir } = hostOf(member, {}, ['key.json']);
    expect(host?.calendar).toEqual({
      provider: 'google',
      calendarId: 'alice@example.com',
      conference: false,
      writeHolds: false,
      credentials: { kind: 'service_account', keyFile: join(dir, 'key.json'), subject: 'alice@example.com' },
    });
  });

  it('with OAuth secrets from the environment', () => {
    const member = `    calendar:
      provider: google
      calendar_id: primary
      conference: true
      write_holds: true
      credentials:
        oauth: { client_id_env: GID, client_secret_env: GSECRET, refresh_token_env: ALICE_TOKEN }
`;
    const { host } = hostOf(member, { GID: 'id', GSECRET: 'secret', ALICE_TOKEN: 'refresh' });
    expect(host?.calendar).toEqual({
      provider: 'google',
      calendarId: 'primary',
      conference: true,
      writeHolds: true,
      credentials: { kind: 'oauth', clientId: 'id', clientSecret: 'secret', refreshToken: 'refresh' },
    });
  });
});

describe('team: a local calendar that shows held times', () => {
  it('writes them to holds_file, beside the config', () => {
    const member = '    calendar:\n      provider: local\n      write_holds: true\n      holds_file: holds/alice.ics\n';
    const { host, dir } = hostOf(member);
    expect(host?.calendar).toEqual({ provider: 'local', icsFiles: [], holdsFile: join(dir, 'holds/alice.ics') });
  });

  it('writes none without write_holds', () => {
    const { host } = hostOf('    calendar:\n      provider: local\n      holds_file: holds/alice.ics\n');
    expect(host?.calendar).toEqual({ provider: 'local', icsFiles: [], holdsFile: null });
  });

  it('says write_holds needs a file to write to', () => {
    const file = folder.write(config('    calendar:\n      provider: local\n      write_holds: true\n'));
    expect(errorsOf(loadConfig({ file, env: {} }))).toEqual([
      expect.stringMatching(/team\[0\]\.calendar\.holds_file: is needed with write_holds on a local calendar/),
    ]);
  });
});

describe('team: errors name the line and column of the problem', () => {
  const oauth = (token: string) => `    calendar:
      provider: google
      credentials:
        oauth:
          client_id_env: GID
          client_secret_env: GSECRET
          refresh_token_env: ${token}
`;
  const cases = [
    {
      name: 'a day off that does not exist',
      member: '    days_off:\n      - "2026-12-24"\n      - "2026-02-30"\n',
      errors: ['10:9: team[0].days_off[1]: "2026-02-30" is not a date like "2026-12-24"'],
    },
    {
      name: 'a day off in another format',
      member: '    days_off: [24.12.2026]\n',
      errors: ['8:16: team[0].days_off[0]: "24.12.2026" is not a date like "2026-12-24"'],
    },
    {
      name: 'time off that ends before it starts, at its end',
      member: '    time_off:\n      - from: "2026-08-14"\n        until: "2026-08-03"\n',
      errors: ['10:16: team[0].time_off[0].until: "2026-08-03" is not after from "2026-08-14"'],
    },
    {
      name: 'time off that ends as it starts',
      member: '    time_off:\n      - { from: "2026-08-14T12:00", until: "2026-08-14T18:00+02:00" }\n',
      errors: [
        '9:44: team[0].time_off[0].until: "2026-08-14T18:00+02:00" is not after from "2026-08-14T12:00"',
      ],
    },
    {
      name: 'time off that is not a date',
      member: '    time_off:\n      - { from: next week, until: "2026-08-14" }\n',
      errors: [
        '9:17: team[0].time_off[0].from: "next week" is not a date like "2026-12-24" '
          + 'or a date and time like "2026-12-24T13:00"',
      ],
    },
    {
      name: 'a weight of zero',
      member: '    weight: 0\n',
      errors: ['8:13: team[0].weight: must be more than 0, got 0'],
    },
    {
      name: 'a cap of zero',
      member: '    caps: { per_day: 0 }\n',
      errors: ['8:22: team[0].caps.per_day: 0 is not a whole number of 1 or more'],
    },
    {
      name: 'an OAuth secret whose variable is not set, at its name',
      member: oauth('ALICE_REFRESH_TOKEN'),
      errors: [
        '14:30: team[0].calendar.credentials.oauth.refresh_token_env: '
          + 'environment variable "ALICE_REFRESH_TOKEN" is not set',
      ],
    },
    {
      name: 'no credentials for Google',
      member: '    calendar:\n      provider: google\n      credentials: {}\n',
      errors: ['10:20: team[0].calendar.credentials: needs either service_account_key_file or oauth'],
    },
    {
      name: 'both kinds of credentials',
      member: oauth('TOKEN').replace('        oauth:\n', '        service_account_key_file: key.json\n        oauth:\n'),
      errors: ['11:9: team[0].calendar.credentials: has both service_account_key_file and oauth; keep one'],
    },
    {
      name: 'a service account key file that is not there',
      member: '    calendar:\n      provider: google\n      credentials: { service_account_key_file: gone.json }\n',
      errors: [
        expect.stringMatching(
          /^10:48: team\[0\]\.calendar\.credentials\.service_account_key_file: service account key file "gone\.json"/,
        ),
      ],
    },
  ];

  it.each(cases)('$name', ({ member, errors }) => {
    const file = folder.write(config(member), ['key.json']);
    const env = { GID: 'id', GSECRET: 'secret', TOKEN: 'refresh' };
    expect(errorsOf(loadConfig({ file, env }))).toEqual(errors);
  });
});
