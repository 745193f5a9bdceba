import { describe, expect, it } from 'vitest';
import { configFolderRemovedAfterAll, demoConfigYaml, errorsOf, loaded, memberYaml } from '../../test/support/config-files.js';
import { DEFAULT_ROUTING } from '../../test/support/scenario.js';
import { loadConfig } from './load.js';
import type { RoutingConfig } from './types.js';

const folder = configFolderRemovedAfterAll();

// Line numbers in the expectations count from this template: `routing` lines start at line 20,
// the campaign's team is on line 19.
const TEAM = memberYaml('Alice', 'Europe/London') + memberYaml('Bob', 'America/New_York') + memberYaml('Carol', 'Asia/Kolkata');
const config = (routing = '', team = '[alice, bob]') => demoConfigYaml({ team: TEAM, campaign: `    team: ${team}\n${routing}` });

const load = (routing: string, team?: string) => loadConfig({ file: folder.write(config(routing, team)), env: {} });
const routingOf = (routing: string, team?: string) => loaded(load(routing, team)).campaigns[0]?.routing;

describe('routing: a bare mode and a section mean the same', () => {
  it('defaults to round robin with the default settings', () => {
    expect(routingOf('')).toEqual(DEFAULT_ROUTING);
  });

  it.each(['round_robin', 'collective'])('%s', (mode) => {
    const bare = routingOf(`    routing: ${mode}\n`);
    expect(bare).toEqual({ ...DEFAULT_ROUTING, mode });
    expect(routingOf(`    routing: { mode: ${mode} }\n`)).toEqual(bare);
  });
});

describe('routing: each mode with its settings', () => {
  const cases: { name: string; routing: string; team?: string; expected: Partial<RoutingConfig> }[] = [
    {
      name: 'owner_first: owner domains lower-cased, a fallback mode',
      routing: '      mode: owner_first\n'
        + '      owners: { Globex.COM: alice, initech.com: carol }\n'
        + '      fallback: collective\n',
      expected: {
        mode: 'owner_first',
        accountOwners: { 'globex.com': 'alice', 'initech.com': 'carol' },
        fallbackMode: 'collective',
      },
    },
    {
      name: 'owner_first falling back to priority, which brings its tiers',
      routing: '      mode: owner_first\n      owners: { globex.com: alice }\n'
        + '      fallback: priority\n      tiers: [[bob], [alice]]\n',
      expected: {
        mode: 'owner_first',
        accountOwners: { 'globex.com': 'alice' },
        fallbackMode: 'priority',
        tiers: [['bob'], ['alice']],
      },
    },
    {
      name: 'priority: tiers in order',
      routing: '      mode: priority\n      tiers: [[bob], [alice, carol]]\n',
      team: '[alice, bob, carol]',
      expected: { mode: 'priority', tiers: [['bob'], ['alice', 'carol']] },
    },
    {
      name: 'fixed_rotating: the fixed host',
      routing: '      mode: fixed_rotating\n      fixed: bob\n',
      expected: { mode: 'fixed_rotating', fixedHostId: 'bob' },
    },
    {
      name: 'fairness and fallback pools, beyond the campaign team',
      routing: '      fairness_window_days: 7\n      count_cancelled: true\n      count_no_shows: false\n'
        + '      fallback_pools: [[carol]]\n      reschedule_keeps_host: false\n',
      expected: {
        fairnessWindowDays: 7,
        countCancelled: true,
        countNoShows: false,
        fallbackPools: [['carol']],
        rescheduleKeepsHost: false,
      },
    },
  ];

  it.each(cases)('$name', ({ routing, team, expected }) => {
    expect(routingOf(`    routing:\n${routing}`, team)).toEqual({ ...DEFAULT_ROUTING, ...expected });
  });
});

describe('routing: errors name the line and column of the problem', () => {
  const cases: { name: string; routing: string; team?: string; errors: string[] }[] = [
    {
      name: 'a free-mail owner domain, at the domain',
      routing: '    routing:\n      mode: owner_first\n      owners:\n        acme.com: alice\n        GMail.com: bob\n',
      errors: [
        '24:9: campaigns[0].routing.owners.GMail.com: "GMail.com" is a free-mail domain: '
          + 'anyone can have an address there, so it says nothing about the account',
      ],
    },
    {
      name: 'an owner domain that is not a domain, and an owner not in the team',
      routing: '    routing:\n      mode: owner_first\n      owners: { "acme com": alice, acme.org: dave }\n',
      errors: [
        '22:17: campaigns[0].routing.owners.acme com: "acme com" is not a domain like "example.com"',
        '22:46: campaigns[0].routing.owners.acme.org: "dave" is not in team (known: alice, bob, carol)',
      ],
    },
    {
      name: 'the same owner domain twice in different case',
      routing: '    routing:\n      mode: owner_first\n      owners: { acme.com: alice, ACME.com: bob }\n',
      errors: ['22:34: campaigns[0].routing.owners.ACME.com: "ACME.com" is already listed as "acme.com"'],
    },
    {
      name: 'a tier naming someone outside the campaign team',
      routing: '    routing:\n      mode: priority\n      tiers: [[alice], [bob, carol]]\n',
      errors: ['22:30: campaigns[0].routing.tiers[1][1]: "carol" is not in this campaign\'s team (alice, bob)'],
    },
    {
      name: 'tiers that name someone twice and leave someone out',
      routing: '    routing:\n      mode: priority\n      tiers: [[alice], [alice]]\n',
      errors: [
        '22:14: campaigns[0].routing.tiers: leave out bob; every campaign team member needs a tier',
        '22:25: campaigns[0].routing.tiers[1][0]: "alice" is already in tiers[0]',
      ],
    },
    {
      name: 'priority without tiers, at the mode',
      routing: '    routing: priority\n',
      errors: ['20:14: campaigns[0].routing: routing mode priority needs tiers'],
    },
    {
      name: 'an owner_first fallback that needs tiers',
      routing: '    routing:\n      mode: owner_first\n      owners: { acme.com: alice }\n      fallback: priority\n',
      errors: ['21:7: campaigns[0].routing: fallback priority needs tiers'],
    },
    {
      name: 'tiers with another mode, at the key',
      routing: '    routing:\n      mode: round_robin\n      tiers: [[alice], [bob]]\n',
      errors: ['22:7: campaigns[0].routing.tiers: tiers only applies to routing mode priority'],
    },
    {
      name: 'owners and fallback with another mode',
      routing: '    routing:\n      mode: collective\n      owners: { acme.com: alice }\n      fallback: collective\n',
      errors: [
        '22:7: campaigns[0].routing.owners: owners only applies to routing mode owner_first',
        '23:7: campaigns[0].routing.fallback: fallback only applies to routing mode owner_first',
      ],
    },
    {
      name: 'a fixed host outside the campaign team',
      routing: '    routing: { mode: fixed_rotating, fixed: carol }\n',
      errors: ['20:45: campaigns[0].routing.fixed: "carol" is not in this campaign\'s team (alice, bob)'],
    },
    {
      name: 'a fixed host with nobody to rotate',
      routing: '    routing: { mode: fixed_rotating, fixed: alice }\n',
      team: '[alice]',
      errors: [
        '20:45: campaigns[0].routing.fixed: fixed_rotating needs at least one other campaign team member to rotate',
      ],
    },
    {
      name: 'owner_first as its own fallback',
      routing: '    routing: { mode: owner_first, owners: { acme.com: alice }, fallback: owner_first }\n',
      errors: [
        '20:74: campaigns[0].routing.fallback: "owner_first" is not a fallback routing mode '
          + '(one of: round_robin, collective, priority, fixed_rotating)',
      ],
    },
    {
      name: 'a fallback pool naming someone not in the team',
      routing: '    routing:\n      fallback_pools: [[carol, dave]]\n',
      errors: ['21:32: campaigns[0].routing.fallback_pools[0][1]: "dave" is not in team (known: alice, bob, carol)'],
    },
    {
      name: 'a misspelled routing key, with a suggestion',
      routing: '    routing:\n      mode: priority\n      tier: [[alice, bob]]\n',
      errors: [
        '21:7: campaigns[0].routing: routing mode priority needs tiers',
        '22:7: unknown key "tier" in campaigns[0].routing; did you mean "tiers"? allowed: mode, owners, fallback, '
          + 'tiers, fixed, fairness_window_days, count_cancelled, count_no_shows, fallback_pools, reschedule_keeps_host',
      ],
    },
    {
      name: 'a misspelled mode in a section',
      routing: '    routing:\n      mode: prioriy\n',
      errors: [
        '21:13: campaigns[0].routing.mode: "prioriy" is not a routing mode '
          + '(one of: round_robin, collective, owner_first, priority, fixed_rotating)',
      ],
    },
    {
      name: 'neither a mode nor a section',
      routing: '    routing: [round_robin]\n',
      errors: [
        '20:14: campaigns[0].routing: expected a routing mode '
          + '(one of: round_robin, collective, owner_first, priority, fixed_rotating) or a section with `mode`',
      ],
    },
  ];

  it.each(cases)('$name', ({ routing, team, errors }) => {
    expect(errorsOf(load(routing, team))).toEqual(errors);
  });
});
