import { describe, expect, it } from 'vitest';
import { configFolderRemovedAfterAll, demoConfigYaml, errorsOf, loaded, memberYaml } from '../../test/support/config-files.js';
import { schedulingFor } from './scheduling-rules.js';
import { loadConfig } from './load.js';

const folder = configFolderRemovedAfterAll();

// Line numbers in the expectations count from this template: `alice` lines start at line 8; with
// nothing inserted above them, `bob` lines start at line 12 and `campaign` lines at line 15.
const config = ({ alice = '', bob = '', campaign = '    team: [alice, bob]\n' } = {}) =>
  demoConfigYaml({ team: `${memberYaml('Alice', 'Europe/London')}${alice}${memberYaml('Bob', 'America/New_York')}${bob}`, campaign });

const load = (parts: Parameters<typeof config>[0]) => loadConfig({ file: folder.write(config(parts)), env: {} });

describe('scheduling: what reps and campaigns write', () => {
  it('leaves everything unset when nobody writes a rule; the campaign spans the defaults', () => {
    const { hosts, campaigns } = loaded(load({}));
    expect(hosts.map((host) => host.scheduling)).toEqual([{}, {}]);
    expect(campaigns[0]?.meeting).toMatchObject({ overrides: {}, horizonDays: 14 });
  });

  it('reads a rep’s own rules, hours of notice as minutes', () => {
    const alice = '    scheduling:\n      duration_minutes: 45\n      slot_step_minutes: 15\n      min_notice_hours: 1.5\n'
      + '      horizon_days: 30\n      buffer_before_minutes: 5\n      buffer_after_minutes: 10\n';
    expect(loaded(load({ alice })).hosts[0]?.scheduling).toEqual({
      durationMinutes: 45,
      slotStepMinutes: 15,
      minNoticeMinutes: 90,
      horizonDays: 30,
      bufferBeforeMinutes: 5,
      bufferAfterMinutes: 10,
    });
  });

  it.each([
    { where: 'a rep', parts: { alice: '    scheduling: { buffer_minutes: 10 }\n' }, rules: (c: Loaded) => c.hosts[0]?.scheduling },
    {
      where: 'a campaign',
      parts: { campaign: '    team: [alice]\n    meeting: { buffer_minutes: 10 }\n' },
      rules: (c: Loaded) => c.campaigns[0]?.meeting.overrides,
    },
  ])('buffer_minutes on $where sets both buffers', ({ parts, rules }) => {
    expect(rules(loaded(load(parts)))).toEqual({ bufferBeforeMinutes: 10, bufferAfterMinutes: 10 });
  });

  it('resolves each rep’s rules: the campaign’s keys, else the rep’s, else the defaults', () => {
    const config = loaded(load({
      alice: '    scheduling: { duration_minutes: 45, min_notice_hours: 24, buffer_minutes: 10 }\n',
      bob: '    scheduling: { slot_step_minutes: 15, horizon_days: 30 }\n',
      campaign: '    team: [alice, bob]\n    meeting: { min_notice_hours: 2, buffer_after_minutes: 0 }\n',
    }));
    const [alice, bob] = config.hosts;
    const campaign = config.campaigns[0]!;
    expect(schedulingFor(alice!, campaign)).toEqual({
      durationMinutes: 45,
      slotStepMinutes: 30,
      minNoticeMinutes: 120,
      horizonDays: 14,
      bufferBeforeMinutes: 10,
      bufferAfterMinutes: 0,
    });
    expect(schedulingFor(bob!, campaign)).toEqual({
      durationMinutes: 30,
      slotStepMinutes: 15,
      minNoticeMinutes: 120,
      horizonDays: 30,
      bufferBeforeMinutes: 0,
      bufferAfterMinutes: 0,
    });
  });

  it.each([
    { name: 'its team', campaign: '    team: [alice, bob]\n', horizon: 30 },
    { name: 'its fallback pools', campaign: '    team: [alice]\n    routing: { fallback_pools: [[bob]] }\n', horizon: 30 },
    { name: 'its own rules first', campaign: '    team: [alice, bob]\n    meeting: { horizon_days: 7 }\n', horizon: 7 },
    { name: 'nobody else', campaign: '    team: [alice]\n', horizon: 14 },
  ])('reads calendars as far as the longest horizon over $name', ({ campaign, horizon }) => {
    const { campaigns } = loaded(load({
      alice: '    scheduling: { min_notice_hours: 24 }\n',
      bob: '    scheduling: { min_notice_hours: 1, horizon_days: 30 }\n',
      campaign,
    }));
    expect(campaigns[0]?.meeting).toMatchObject({ horizonDays: horizon });
  });
});

type Loaded = ReturnType<typeof loaded>;

describe('scheduling: reps who meet prospects together need one meeting length', () => {
  const longAlice = '    scheduling: { duration_minutes: 45 }\n';
  const together = (minutes: string, mode: string) =>
    `with routing ${mode} the reps meet the prospect together, in one meeting with one length, `
    + `but theirs differ (${minutes}); set meeting.duration_minutes on this campaign`;

  it.each([
    {
      name: 'collective',
      parts: { alice: longAlice, campaign: '    team: [alice, bob]\n    routing: collective\n' },
      errors: [`16:11: campaigns[0].team: ${together('alice: 45 minutes, bob: 30 minutes by default', 'collective')}`],
    },
    {
      name: 'fixed_rotating',
      parts: { bob: '    scheduling: { duration_minutes: 60 }\n', campaign: '    team: [alice, bob]\n    routing: { mode: fixed_rotating, fixed: alice }\n' },
      errors: [`16:11: campaigns[0].team: ${together('alice: 30 minutes by default, bob: 60 minutes', 'fixed_rotating')}`],
    },
    {
      name: 'owner_first falling back to collective',
      parts: {
        alice: longAlice,
        campaign: '    team: [alice, bob]\n    routing: { mode: owner_first, owners: { globex.com: bob }, fallback: collective }\n',
      },
      errors: [`16:11: campaigns[0].team: ${together('alice: 45 minutes, bob: 30 minutes by default', 'owner_first (fallback collective)')}`],
    },
    {
      name: 'collective with the campaign’s own length: fine',
      parts: { alice: longAlice, campaign: '    team: [alice, bob]\n    routing: collective\n    meeting: { duration_minutes: 60 }\n' },
      errors: [],
    },
    {
      name: 'collective with equal lengths, one written and one by default: fine',
      parts: { alice: '    scheduling: { duration_minutes: 30 }\n', campaign: '    team: [alice, bob]\n    routing: collective\n' },
      errors: [],
    },
    {
      name: 'round robin: each rep keeps their own length',
      parts: { alice: longAlice, campaign: '    team: [alice, bob]\n' },
      errors: [],
    },
  ])('$name', ({ parts, errors }) => {
    expect(errorsOf(load(parts))).toEqual(errors);
  });
});

describe('scheduling: errors name the line and column of the problem', () => {
  it.each([
    {
      name: 'buffer_minutes with buffer_before_minutes on a campaign',
      parts: { campaign: '    team: [alice]\n    meeting:\n      buffer_minutes: 10\n      buffer_before_minutes: 5\n' },
      errors: [
        '17:23: campaigns[0].meeting.buffer_minutes: sets both buffers, so it cannot go with '
          + 'buffer_before_minutes; keep one or the other',
      ],
    },
    {
      name: 'buffer_minutes with both of the others on a rep',
      parts: { alice: '    scheduling: { buffer_after_minutes: 5, buffer_minutes: 10, buffer_before_minutes: 0 }\n' },
      errors: [
        '8:60: team[0].scheduling.buffer_minutes: sets both buffers, so it cannot go with '
          + 'buffer_before_minutes and buffer_after_minutes; keep one or the other',
      ],
    },
    {
      name: 'an unknown key, with a suggestion',
      parts: { bob: '    scheduling:\n      buffer_after: 15\n' },
      errors: [
        '13:7: unknown key "buffer_after" in team[1].scheduling; did you mean "buffer_after_minutes"? allowed: '
          + 'duration_minutes, slot_step_minutes, min_notice_hours, horizon_days, buffer_minutes, '
          + 'buffer_before_minutes, buffer_after_minutes',
      ],
    },
    {
      name: 'negative notice',
      parts: { alice: '    scheduling: { min_notice_hours: -1 }\n' },
      errors: ['8:37: team[0].scheduling.min_notice_hours: must be at least 0, got -1'],
    },
    {
      name: 'a buffer too long',
      parts: { campaign: '    team: [alice]\n    meeting: { buffer_after_minutes: 300 }\n' },
      errors: ['16:38: campaigns[0].meeting.buffer_after_minutes: 300 is not a whole number from 0 to 240'],
    },
  ])('$name', ({ parts, errors }) => {
    expect(errorsOf(load(parts))).toEqual(errors);
  });
});
