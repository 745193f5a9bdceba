import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { configFolderRemovedAfterAll, DEFAULT_SMTP_LIMITS, demoConfigYaml, errorsOf, loaded, memberYaml } from '../../test/support/config-files.js';
import { configJsonSchema } from './json-schema.js';
import { formatConfigError, loadConfig, type ConfigOverrides } from './load.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const shippedConfig = join(repoRoot, 'config/campaigns.yaml');
const writeConfig = configFolderRemovedAfterAll().write;

/** The variables config/examples/full.yaml names; the other examples need none. */
const EXAMPLE_ENV = {
  BEA_GOOGLE_CLIENT_ID: 'client-id',
  BEA_GOOGLE_CLIENT_SECRET: 'client-secret',
  BEA_GOOGLE_REFRESH_TOKEN: 'refresh-token',
  MX_SMTP_PASSWORD: 'mx-password',
  AGENT_HTTP_TOKEN: 'http-token',
};

// Line numbers in the expectations below count from this template: the team starts on line 3,
// team[0].time_zone is line 7, campaigns[0] is line 13.
const config = ({ team = '', campaigns = '    team: [alice]\n' } = {}) =>
  demoConfigYaml({ team: `${memberYaml('Alice', 'Europe/London')}${team}${memberYaml('Bob', 'America/New_York')}`, campaign: campaigns });

describe('loadConfig: the shipped configs', () => {
  it('loads config/campaigns.yaml with paths and defaults resolved', () => {
    const { file, service, hosts, campaigns } = loaded(loadConfig({ file: shippedConfig, env: {} }));
    expect(file).toBe(shippedConfig);
    expect(service).toEqual({
      domain: 'meet.acme.com',
      servedDomains: ['meet.acme.com'],
      postmaster: hosts[0]!.email,
      smtp: {
        host: '127.0.0.1',
        port: 2525,
        maxMessageBytes: 10 * 1024 * 1024,
        ...DEFAULT_SMTP_LIMITS,
        tls: null,
        users: [],
      },
      http: { host: '127.0.0.1', port: 8080, accessToken: null, publicUrl: null, outcomeSecret: null },
      databasePath: resolve('data/campaign-agent.db'),
      databaseUrl: null,
      outboxDir: resolve('data/outbox'),
      outboundSmtpUrl: null,
      llm: null,
      googleApiRootUrl: 'https://www.googleapis.com/',
      retention: { messagesDays: null },
    });
    const [alice, bob] = hosts;
    expect(alice?.workingHours[1]).toEqual([
      { startMinute: 9 * 60, endMinute: 12 * 60 + 30 },
      { startMinute: 13 * 60 + 30, endMinute: 17 * 60 + 30 },
    ]);
    expect(alice?.workingHours[6]).toEqual([]);
    expect(alice?.calendar).toEqual({
      provider: 'local',
      icsFiles: [join(repoRoot, 'fixtures/calendars/alice.ics')],
      holdsFile: null,
    });
    expect(bob?.workingHours[5]).toEqual([{ startMinute: 8 * 60 + 30, endMinute: 13 * 60 }]);
    expect(campaigns.map((c) => [c.address, c.hostIds, c.ownerId, c.timeZone, c.routing.mode])).toEqual([
      ['webinar-q3@meet.acme.com', ['alice', 'bob'], 'alice', 'America/New_York', 'round_robin'],
      ['pricing-page@meet.acme.com', ['bob', 'alice'], 'bob', 'Europe/London', 'round_robin'],
    ]);
    expect(campaigns[0]?.meeting).toMatchObject({
      title: 'Acme intro call',
      overrides: { durationMinutes: 30, bufferBeforeMinutes: 10, bufferAfterMinutes: 10 },
    });
    expect(campaigns[1]?.meeting).toEqual({
      title: 'Acme product demo',
      overrides: { durationMinutes: 45 },
      horizonDays: 14,
      location: null,
      capsPerHost: { perDay: null, perWeek: null },
      remindersBeforeMinutes: [],
    });
  });

  it.each(readdirSync(join(repoRoot, 'config/examples')))('loads config/examples/%s', (name) => {
    loaded(loadConfig({ file: join(repoRoot, 'config/examples', name), env: EXAMPLE_ENV }));
  });

  it('ships a JSON schema generated from the current zod schema (`npm run schema`)', () => {
    const written: unknown = JSON.parse(readFileSync(join(repoRoot, 'config/campaigns.schema.json'), 'utf8'));
    expect(written).toEqual(configJsonSchema());
  });
});

describe('loadConfig: defaults taken from other entries', () => {
  it('uses the first team member for time zone and owner, the campaign name as sender', () => {
    const file = writeConfig(config({ campaigns: '    team: [bob, alice]\n' }).replace('demo@', 'Demo@'));
    const { hosts, campaigns } = loaded(loadConfig({ file, env: {} }));
    expect(campaigns[0]).toMatchObject({
      address: 'demo@meet.example.com',
      timeZone: 'America/New_York',
      ownerId: 'bob',
      senderName: 'Demo',
    });
    const nineToFive = [{ startMinute: 9 * 60, endMinute: 17 * 60 }];
    expect(hosts[0]?.workingHours).toEqual({
      1: nineToFive, 2: nineToFive, 3: nineToFive, 4: nineToFive, 5: nineToFive, 6: [], 7: [],
    });
  });
});

describe('loadConfig: errors name the line and column of the problem', () => {
  const cases: { name: string; yaml: string; icsFiles?: string[]; errors: unknown[] }[] = [
    {
      name: 'misspelled key, with a suggestion',
      yaml: config().replace('  - address:', '  - adress:'),
      errors: [
        '13:5: unknown key "adress" in campaigns[0]; did you mean "address"? '
          + 'allowed: address, name, team, routing, time_zone, owner, sender_name, meeting, forward_to, '
          + 'on_authentication_failure, faq, templates, offer_hold_minutes, follow_up_after_hours, llm_model, limits',
      ],
    },
    {
      name: 'unknown key without a close match',
      yaml: `${config()}extras: 1\n`,
      errors: ['16:1: unknown key "extras" in the top level; allowed: service, team, campaigns, integrations'],
    },
    {
      name: 'invalid time zone',
      yaml: config().replace('Europe/London', 'Europe/Pariss'),
      errors: ['7:16: team[0].time_zone: "Europe/Pariss" is not a valid IANA time zone'],
    },
    {
      name: 'unknown routing mode',
      yaml: config({ campaigns: '    team: [alice]\n    routing: round-robin\n' }),
      errors: [
        '16:14: campaigns[0].routing: "round-robin" is not a routing mode '
          + '(one of: round_robin, collective, owner_first, priority, fixed_rotating)',
      ],
    },
    {
      name: 'campaign naming someone not in the team',
      yaml: config({ campaigns: '    team: [alice, carol]\n' }),
      errors: ['15:19: campaigns[0].team[1]: "carol" is not in team (known: alice, bob)'],
    },
    {
      name: 'owner not in the team',
      yaml: config({ campaigns: '    team: [alice]\n    owner: dave\n' }),
      errors: ['16:12: campaigns[0].owner: "dave" is not in team (known: alice, bob)'],
    },
    {
      name: 'duplicate campaign address, compared case-insensitively',
      yaml: config({
        campaigns: '    team: [alice]\n  - address: DEMO@meet.example.com\n    name: Again\n    team: [bob]\n',
      }),
      errors: ['16:14: campaigns[1].address: "DEMO@meet.example.com" is already used by campaigns[0]'],
    },
    {
      name: 'campaign address on a domain the service does not receive mail for',
      yaml: config({
        campaigns: '    team: [alice]\n  - address: spring@acme-events.com\n    name: Spring\n    team: [bob]\n',
      }),
      errors: [
        '16:14: campaigns[1].address: "spring@acme-events.com" is on acme-events.com, which this service does not receive mail for: '
          + 'service.domain is meet.example.com; add acme-events.com to service.other_domains if its MX points here',
      ],
    },
    {
      name: 'working hours that are not a time window',
      yaml: config({ team: '    working_hours:\n      mon: ["9-17"]\n' }),
      errors: ['9:13: team[0].working_hours.mon[0]: "9-17" is not a time window like "09:00-17:30"'],
    },
    {
      name: 'overlapping working hours',
      yaml: config({ team: '    working_hours:\n      tue:\n        - "09:00-12:00"\n        - "11:30-13:00"\n' }),
      errors: ['11:11: team[0].working_hours.tue[1]: "11:30-13:00" overlaps "09:00-12:00"'],
    },
    {
      name: 'missing calendar file',
      yaml: config({ team: '    calendar:\n      provider: local\n      ics: [here.ics, gone.ics]\n' }),
      icsFiles: ['here.ics'],
      errors: [
        expect.stringMatching(
          /^10:23: team\[0\]\.calendar\.ics\[1\]: calendar file "gone\.ics" not found \(looked for \/.+\/gone\.ics\)$/,
        ),
      ],
    },
    {
      name: 'missing required key, at the entry that lacks it',
      yaml: config().replace('    name: Demo\n', ''),
      errors: ['13:5: campaigns[0]: missing required key "name"'],
    },
    {
      name: 'YAML syntax error',
      yaml: config().replace('    name: Demo\n', '    name: Demo\n    name: Again\n'),
      errors: ['15:5: YAML syntax error: Map keys must be unique'],
    },
    {
      name: 'several problems, all reported in line order',
      yaml: config({ campaigns: '    team: [carol]\n    meeting:\n      duration_minutes: 600\n' })
        .replace('meet.example.com\n', 'meet example\n'),
      errors: [
        '2:11: service.domain: "meet example" is not a host name',
        '15:12: campaigns[0].team[0]: "carol" is not in team (known: alice, bob)',
        '17:25: campaigns[0].meeting.duration_minutes: 600 is not a whole number from 5 to 480',
      ],
    },
  ];

  it.each(cases)('$name', ({ yaml, icsFiles, errors }) => {
    expect(errorsOf(loadConfig({ file: writeConfig(yaml, icsFiles), env: {} }))).toEqual(errors);
  });

  it('reports a missing file, without a position', () => {
    const file = join(dirname(writeConfig(config())), 'nowhere.yaml');
    const result = loadConfig({ file, env: {} });
    expect(result).toEqual({ ok: false, errors: [{ file, line: 0, column: 0, message: 'config file not found' }] });
    expect(result.ok ? [] : result.errors.map(formatConfigError)).toEqual([`${file}: config file not found`]);
  });

  it('formats positioned errors as file:line:column: message', () => {
    const error = { file: 'config/campaigns.yaml', line: 12, column: 5, message: 'oops' };
    expect(formatConfigError(error)).toBe('config/campaigns.yaml:12:5: oops');
  });
});

describe('loadConfig: flags > environment > file > defaults', () => {
  const file = writeConfig(
    config().replace('meet.example.com\n', 'meet.example.com\n  smtp:\n    port: 2600\n  database: db/file.db\n'),
  );
  const cases: {
    name: string;
    env: Record<string, string>;
    overrides: ConfigOverrides;
    expected: { smtpPort: number; httpPort: number; databasePath: string };
  }[] = [
    {
      name: 'file over defaults, file paths relative to the file',
      env: {},
      overrides: {},
      expected: { smtpPort: 2600, httpPort: 8080, databasePath: join(dirname(file), 'db/file.db') },
    },
    {
      name: 'environment over file, paths relative to the working directory; empty means unset',
      env: { SMTP_PORT: '2700', HTTP_PORT: '9090', DATABASE_PATH: 'env.db', SMTP_HOST: '' },
      overrides: {},
      expected: { smtpPort: 2700, httpPort: 9090, databasePath: resolve('env.db') },
    },
    {
      name: 'flags over environment',
      env: { SMTP_PORT: '2700', DATABASE_PATH: 'env.db' },
      overrides: { smtpPort: 2800, databasePath: 'flag.db' },
      expected: { smtpPort: 2800, httpPort: 8080, databasePath: resolve('flag.db') },
    },
  ];

  it.each(cases)('$name', ({ env, overrides, expected }) => {
    const { service } = loaded(loadConfig({ file, env, overrides }));
    expect(service).toMatchObject({
      smtp: { host: '127.0.0.1', port: expected.smtpPort },
      http: { port: expected.httpPort },
      databasePath: expected.databasePath,
    });
  });

  it('keeps the outbox beside the database unless the file names one', () => {
    const { service } = loaded(loadConfig({ file, env: { DATABASE_PATH: '/srv/agent/agent.db' } }));
    expect(service.outboxDir).toBe('/srv/agent/outbox');
    const explicit = writeConfig(config().replace('meet.example.com\n', 'meet.example.com\n  outbox_dir: mail-out\n'));
    const fromFile = loaded(loadConfig({ file: explicit, env: { DATABASE_PATH: '/srv/agent/agent.db' } })).service;
    expect(fromFile.outboxDir).toBe(join(dirname(explicit), 'mail-out'));
  });

  it('rejects bad environment values and flags, naming the variable or flag', () => {
    const result = loadConfig({
      file,
      env: { SMTP_PORT: 'abc', OUTBOUND_SMTP_URL: 'http://relay.example.com' },
      overrides: { httpPort: Number.NaN },
    });
    expect(result.ok ? [] : result.errors.map(formatConfigError)).toEqual([
      'environment: SMTP_PORT: "abc" is not a port number (0-65535)',
      'environment: OUTBOUND_SMTP_URL: "http://relay.example.com" is not an smtp:// or smtps:// URL',
      'command line: --http-port: NaN is not a port number (0-65535)',
    ]);
  });
});
