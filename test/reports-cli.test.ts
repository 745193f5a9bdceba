import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Command } from 'commander';
import { registerReport } from '../src/commands/report.js';
import { registerOutcome } from '../src/commands/outcome.js';
import { registerExplain } from '../src/commands/explain.js';
import { CliError, EXIT_INVALID, type CommandContext } from '../src/commands/context.js';
import { at } from './support/scenario.js';
import { NOW, PRICING, reportConfig, seedReports, type ReportFixture } from './support/seed-reports.js';

const RANGE = ['--since', '2026-03-02', '--until', '2026-03-23'];

let fixture: ReportFixture;
beforeAll(async () => {
  fixture = await seedReports();
});
afterAll(() => fixture.store.close());

/** Runs the commands in-process against the seeded database with a fixed clock; returns stdout. */
async function run(args: string[], now = NOW): Promise<string> {
  const config = reportConfig();
  const context: CommandContext = {
    configure: () => ({ ...config, service: { ...config.service, databasePath: fixture.store.db.name } }),
  };
  const program = new Command('campaign-agent').exitOverride();
  registerReport(program, context, () => now);
  registerOutcome(program, context, () => now);
  registerExplain(program, context);
  const printed: string[] = [];
  const spy = vi.spyOn(console, 'log').mockImplementation((line: unknown) => {
    printed.push(String(line));
  });
  try {
    await program.parseAsync(args, { from: 'user' });
  } finally {
    spy.mockRestore();
  }
  return printed.join('\n');
}

describe('campaign-agent report', () => {
  it('prints aligned sections that fit 80 columns, for every grouping and the funnel', async () => {
    const table = await run(['report', ...RANGE]);
    const lines = table.split('\n');
    const first = lines.indexOf('Leads and meetings:') + 1;
    expect(lines.slice(first, first + 6)).toEqual([
      'campaign           leads  booked  booking rate  median first reply',
      '-----------------  -----  ------  ------------  ------------------',
      'webinar@meet.test      6       2        33.3 %                30 s',
      'pricing@meet.test      2       1        50.0 %                10 s',
      'events@meet.test       0       0             –                   –',
      'total                  8       3        37.5 %                20 s',
    ]);
    expect(table).toContain('Disqualified: no_budget 1');
    for (const by of ['campaign', 'rep', 'week', 'mode']) {
      for (const extra of [[], ['--funnel']]) {
        const output = await run(['report', ...RANGE, '--by', by, ...extra]);
        for (const line of output.split('\n')) expect(line.length, line).toBeLessThanOrEqual(80);
      }
    }
    const funnel = (await run(['report', ...RANGE, '--funnel'])).split('\n');
    const bars = funnel.findIndex((line) => line.startsWith('leads '));
    expect(funnel.slice(bars, bars + 4)).toEqual([
      `leads    8  ${'█'.repeat(40)}  100.0 %`,
      `offered  7  ${'█'.repeat(35)}${' '.repeat(5)}   87.5 %`,
      `booked   3  ${'█'.repeat(15)}${' '.repeat(25)}   37.5 %`,
      `held     1  ${'█'.repeat(5)}${' '.repeat(35)}   12.5 %`,
    ]);
  });

  it('csv keeps the original six columns first; json rows are named by the grouping', async () => {
    const csv = (await run(['report', ...RANGE, '--format', 'csv'])).split('\n');
    expect(csv[0]).toBe(
      'campaign,name,leads,booked,booking_rate,median_first_reply_seconds,offered,replied,cancelled,held,no_show,disqualified,handed_off,declined,unsubscribed,stalled,median_time_to_booking_seconds,median_time_to_meeting_seconds',
    );
    expect(csv[1]).toBe('webinar@meet.test,"Webinar <Q3> & ""friends""",6,2,0.3333,30.0,5,5,1,1,1,0,1,1,0,1,7200.0,234000.0');
    const json = JSON.parse(await run(['report', ...RANGE, '--by', 'rep', '--format', 'json'])) as Array<Record<string, unknown>>;
    expect(json.map((row) => [row.rep, row.leads, row.booked])).toEqual([['alice', 3, 1], ['bob', 4, 2], ['-', 1, 0]]);
    const funnel = JSON.parse(await run(['report', ...RANGE, '--campaign', PRICING, '--funnel', '--format', 'json'])) as { stages: Array<{ count: number }> };
    expect(funnel.stages.map((stage) => stage.count)).toEqual([2, 2, 1, 0]);
  });

  it('refuses unknown campaigns and windows that end before they start', async () => {
    await expect(run(['report', '--campaign', 'nobody@meet.test'])).rejects.toMatchObject({ exitCode: EXIT_INVALID });
    await expect(run(['report', '--since', '2026-03-10', '--until', '2026-03-01'])).rejects.toThrow(/--until must be after --since/);
  });
});

describe('campaign-agent outcome', () => {
  it('records, repeats harmlessly, and refuses what the meeting does not allow', async () => {
    const uid = `uid-${fixture.leads.L9.id}@meet.test`;
    const later = at('2026-03-25T11:00:00');
    expect(await run(['outcome', uid, 'held', '--recorded-by', 'bob'], later)).toBe(
      `booking ${fixture.bookings.L9} (late@i.example, webinar@meet.test, 2026-03-25 10:00 UTC with bob): held recorded by bob`,
    );
    expect(await run(['outcome', String(fixture.bookings.L9), 'held', '--recorded-by', 'ops'], later)).toMatch(
      /: already held \(recorded by bob 2026-03-25 11:00 UTC\); nothing changed$/,
    );
    expect(await run(['outcome', uid, 'no_show', '--recorded-by', 'ops'], later)).toMatch(/: changed from held to no_show by ops$/);

    const refusal = (args: string[]) => run(['outcome', ...args], later).then(() => null, (error: CliError) => error.message);
    expect(await refusal([String(fixture.bookings.L3), 'held'])).toMatch(/the meeting was cancelled/);
    expect(await refusal([String(fixture.bookings.L7), 'disqualified'])).toMatch(/disqualified needs a reason code/);
    expect(await refusal([String(fixture.bookings.L1), 'held', '--reason', 'great'])).toMatch(/only disqualified takes a reason code/);
    expect(await refusal(['999999', 'held'])).toBe('no booking 999999');
    expect(await refusal([String(fixture.bookings.L1), 'maybe'])).toMatch(/outcome must be one of held, no_show, disqualified/);
    expect(await run(['outcome', uid, 'held'], at('2026-03-25T09:59:00')).then(() => null, (error: CliError) => error.message)).toMatch(
      /has not started yet/,
    );
  });
});

describe('campaign-agent explain', () => {
  it('prints the thread by lead id; an unknown lead is an input error', async () => {
    const text = await run(['explain', String(fixture.leads.L3.id)]);
    expect(text.split('\n')[0]).toBe(`Lead ${fixture.leads.L3.id}: li@c.example on webinar@meet.test`);
    expect(text).toContain(`Meeting ${fixture.bookings.L3} (uid-${fixture.leads.L3.id}@meet.test): 2026-03-09 09:00 UTC with alice, cancelled, updated 1×`);
    await expect(run(['explain', 'nobody@example.com'])).rejects.toThrow('no lead nobody@example.com');
  });
});
