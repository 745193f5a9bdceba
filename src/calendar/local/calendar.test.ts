import { mkdtemp, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { testHost } from '../../../test/support/scenario.js';
import type { HostConfig } from '../../config/types.js';
import type { Interval } from '../../core/interval.js';
import { busyFromParsed } from './ics-busy.js';
import { createLocalCalendar } from './calendar.js';
import { CalendarError, type CalendarEvent } from '../provider.js';

const FIXTURES = resolve(import.meta.dirname, '../../../fixtures/calendars');

function host(timeZone: string, icsFiles: string[]): HostConfig {
  return testHost({ id: 'h', timeZone, calendar: { provider: 'local', icsFiles, holdsFile: null } });
}

function icsFilesOf(config: HostConfig): string[] {
  return config.calendar.provider === 'local' ? config.calendar.icsFiles : [];
}

const alice = host('Europe/London', [join(FIXTURES, 'alice.ics')]);
const bob = host('America/New_York', [join(FIXTURES, 'bob.ics')]);
const win = (start: string, end: string): Interval => ({ start: Date.parse(start), end: Date.parse(end) });
const WEEK = win('2026-11-23T00:00:00Z', '2026-11-30T00:00:00Z');
const iso = (intervals: Interval[]) =>
  intervals.map((i) => `${new Date(i.start).toISOString()} ${new Date(i.end).toISOString()}`);

async function rejection(promise: Promise<unknown>): Promise<CalendarError> {
  const error = await promise.then(
    () => new Error('expected a rejection'),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CalendarError);
  return error as CalendarError;
}

describe('local calendar: demo fixtures', () => {
  const calendar = createLocalCalendar();

  it("gives alice's week: standups (one excluded), pipeline review, biweekly 1:1, no focus time", async () => {
    expect(iso(await calendar.busy(alice, WEEK))).toEqual([
      '2026-11-23T09:30:00.000Z 2026-11-23T09:45:00.000Z',
      '2026-11-24T09:30:00.000Z 2026-11-24T09:45:00.000Z',
      '2026-11-24T14:00:00.000Z 2026-11-24T15:00:00.000Z',
      '2026-11-26T09:30:00.000Z 2026-11-26T09:45:00.000Z',
      '2026-11-26T10:00:00.000Z 2026-11-26T11:00:00.000Z',
      '2026-11-27T09:30:00.000Z 2026-11-27T09:45:00.000Z',
    ]);
  });

  it("skips alice's 1:1 on alternate weeks and uses BST in summer", async () => {
    const busy = iso(await calendar.busy(alice, win('2026-06-04T00:00:00Z', '2026-06-05T00:00:00Z')));
    expect(busy).toEqual(['2026-06-04T08:30:00.000Z 2026-06-04T08:45:00.000Z']);
  });

  it("blocks alice's whole offsite day, London midnight to midnight", async () => {
    const busy = iso(await calendar.busy(alice, win('2025-09-17T12:00:00Z', '2025-09-19T12:00:00Z')));
    expect(busy).toEqual([
      '2025-09-17T23:00:00.000Z 2025-09-18T23:00:00.000Z',
      '2025-09-19T08:30:00.000Z 2025-09-19T08:45:00.000Z',
    ]);
  });

  it("gives bob's week in Eastern time, with the cancelled Wednesday call freed", async () => {
    expect(iso(await calendar.busy(bob, WEEK))).toEqual([
      '2026-11-23T16:00:00.000Z 2026-11-23T17:00:00.000Z',
      '2026-11-23T18:00:00.000Z 2026-11-23T19:00:00.000Z',
      '2026-11-24T18:00:00.000Z 2026-11-24T19:00:00.000Z',
      '2026-11-25T18:00:00.000Z 2026-11-25T19:00:00.000Z',
      '2026-11-26T18:00:00.000Z 2026-11-26T19:00:00.000Z',
      '2026-11-27T14:00:00.000Z 2026-11-27T15:00:00.000Z',
      '2026-11-27T18:00:00.000Z 2026-11-27T19:00:00.000Z',
    ]);
  });

  it('keeps both demo calendars busy in every week for years ahead', async () => {
    const weekMs = 7 * 86_400_000;
    const weeks = 52 * 4;
    const start = Date.parse('2026-01-05T00:00:00Z');
    for (const h of [alice, bob]) {
      const perWeek = new Array<number>(weeks).fill(0);
      for (const i of await calendar.busy(h, { start, end: start + weeks * weekMs })) {
        perWeek[Math.floor((i.start - start) / weekMs)]! += 1;
      }
      expect(Math.min(...perWeek)).toBeGreaterThanOrEqual(5);
    }
  });

  it('merges all files of a host', async () => {
    const both = host('Europe/London', [...icsFilesOf(alice), ...icsFilesOf(bob)]);
    const busy = await calendar.busy(both, win('2026-11-27T00:00:00Z', '2026-11-28T00:00:00Z'));
    expect(iso(busy)).toEqual([
      '2026-11-27T09:30:00.000Z 2026-11-27T09:45:00.000Z',
      '2026-11-27T14:00:00.000Z 2026-11-27T15:00:00.000Z',
      '2026-11-27T18:00:00.000Z 2026-11-27T19:00:00.000Z',
    ]);
  });
});

describe('local calendar: files', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'local-calendar-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const event = (start: string) =>
    `BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\nBEGIN:VEVENT\r\nUID:e\r\n` +
    `DTSTART:${start}\r\nDURATION:PT1H\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n`;

  it('picks up edits without a restart and re-reads only changed files', async () => {
    const path = join(dir, 'cal.ics');
    await writeFile(path, event('20261124T090000Z'));
    await utimes(path, 1_000, 1_000);
    const reads = vi.fn((p: string) => readFile(p, 'utf8'));
    const calendar = createLocalCalendar({ readFile: reads });
    const h = host('UTC', [path]);

    expect(iso(await calendar.busy(h, WEEK))).toEqual(['2026-11-24T09:00:00.000Z 2026-11-24T10:00:00.000Z']);
    await calendar.busy(h, WEEK);
    expect(reads).toHaveBeenCalledTimes(1);

    await writeFile(path, event('20261125T090000Z'));
    await utimes(path, 2_000, 2_000);
    expect(iso(await calendar.busy(h, WEEK))).toEqual(['2026-11-25T09:00:00.000Z 2026-11-25T10:00:00.000Z']);
    expect(reads).toHaveBeenCalledTimes(2);
  });

  it('a burst of turns asking at once reads, parses and expands the file once', async () => {
    const path = join(dir, 'cal.ics');
    await writeFile(path, event('20261124T090000Z'));
    const reads = vi.fn((p: string) => readFile(p, 'utf8'));
    const expand = vi.fn(busyFromParsed);
    const calendar = createLocalCalendar({ readFile: reads, expand });
    const h = host('UTC', [path]);

    const answers = await Promise.all(Array.from({ length: 20 }, () => calendar.busy(h, WEEK)));
    for (const busy of answers) expect(iso(busy)).toEqual(['2026-11-24T09:00:00.000Z 2026-11-24T10:00:00.000Z']);
    expect(reads).toHaveBeenCalledTimes(1);
    expect(expand).toHaveBeenCalledTimes(1);
  });

  it('expands a file once for windows inside the span it expanded, again after an edit', async () => {
    const path = join(dir, 'cal.ics');
    await writeFile(path, event('20261124T090000Z'));
    await utimes(path, 1_000, 1_000);
    const expand = vi.fn(busyFromParsed);
    const calendar = createLocalCalendar({ expand });
    const h = host('UTC', [path]);

    expect(iso(await calendar.busy(h, WEEK))).toEqual(['2026-11-24T09:00:00.000Z 2026-11-24T10:00:00.000Z']);
    expect(iso(await calendar.busy(h, WEEK))).toEqual(['2026-11-24T09:00:00.000Z 2026-11-24T10:00:00.000Z']);
    // Later in the same weeks, and clipped: still the first expansion.
    expect(iso(await calendar.busy(h, win('2026-11-24T09:30:00Z', '2026-11-26T00:00:00Z')))).toEqual([
      '2026-11-24T09:30:00.000Z 2026-11-24T10:00:00.000Z',
    ]);
    expect(expand).toHaveBeenCalledTimes(1);

    await writeFile(path, event('20261125T090000Z'));
    await utimes(path, 2_000, 2_000);
    expect(iso(await calendar.busy(h, WEEK))).toEqual(['2026-11-25T09:00:00.000Z 2026-11-25T10:00:00.000Z']);
    expect(expand).toHaveBeenCalledTimes(2);
  });

  it('grows the expanded span for a window reaching past it, and keeps covering the first', async () => {
    const path = join(dir, 'cal.ics');
    await writeFile(path, event('20261124T090000Z'));
    const expand = vi.fn(busyFromParsed);
    const calendar = createLocalCalendar({ expand });
    const h = host('UTC', [path]);

    await calendar.busy(h, WEEK);
    await calendar.busy(h, win('2026-11-23T00:00:00Z', '2026-12-23T00:00:00Z'));
    await calendar.busy(h, WEEK);
    expect(expand).toHaveBeenCalledTimes(2);
  });

  it('expands a shared file per host zone: floating times are local to the host', async () => {
    const path = join(dir, 'cal.ics');
    await writeFile(path, event('20261124T090000'));
    const expand = vi.fn(busyFromParsed);
    const calendar = createLocalCalendar({ expand });

    expect(iso(await calendar.busy(host('UTC', [path]), WEEK))).toEqual(['2026-11-24T09:00:00.000Z 2026-11-24T10:00:00.000Z']);
    expect(iso(await calendar.busy(host('America/New_York', [path]), WEEK))).toEqual(['2026-11-24T14:00:00.000Z 2026-11-24T15:00:00.000Z']);
    await calendar.busy(host('UTC', [path]), WEEK);
    expect(expand).toHaveBeenCalledTimes(2);
  });

  it('still answers a window a dense rule fits in when the wider span would exceed the occurrence cap', async () => {
    // 1,440 occurrences a day: 99,360 by the window's end, over 100,000 by the end of its week.
    const path = join(dir, 'cal.ics');
    await writeFile(
      path,
      `BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\nBEGIN:VEVENT\r\nUID:m\r\nDTSTART:20260101T000000Z\r\n` +
        `DURATION:PT1M\r\nRRULE:FREQ=MINUTELY\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n`,
    );
    const window = win('2026-03-10T00:00:00Z', '2026-03-11T00:00:00Z');
    const expand = vi.fn(busyFromParsed);
    expect(iso(await createLocalCalendar({ expand }).busy(host('UTC', [path]), window))).toEqual([
      '2026-03-10T00:00:00.000Z 2026-03-11T00:00:00.000Z',
    ]);
    expect(expand.mock.results.map((r) => r.type)).toEqual(['throw', 'return']);
  });

  it('keeps the 256 files used last', async () => {
    const paths = Array.from({ length: 257 }, (_, i) => join(dir, `cal${i}.ics`));
    await Promise.all(paths.map((path) => writeFile(path, event('20261124T090000Z'))));
    const reads = vi.fn((p: string) => readFile(p, 'utf8'));
    const calendar = createLocalCalendar({ readFile: reads });
    for (const path of paths) await calendar.busy(host('UTC', [path]), WEEK);
    expect(reads).toHaveBeenCalledTimes(257);

    await calendar.busy(host('UTC', [paths[256]!]), WEEK);
    expect(reads).toHaveBeenCalledTimes(257);
    await calendar.busy(host('UTC', [paths[0]!]), WEEK);
    expect(reads).toHaveBeenCalledTimes(258);
  });

  it('reports a missing file as unreachable, naming it', async () => {
    const path = join(dir, 'nope.ics');
    const error = await rejection(createLocalCalendar().busy(host('UTC', [path]), WEEK));
    expect(error.code).toBe('unreachable');
    expect(error.message).toContain(path);
  });

  it('reports an unreadable file as unreachable', async () => {
    const path = join(dir, 'cal.ics');
    await writeFile(path, event('20261124T090000Z'));
    const readFails = () => Promise.reject(new Error('EACCES: permission denied'));
    const error = await rejection(createLocalCalendar({ readFile: readFails }).busy(host('UTC', [path]), WEEK));
    expect(error.code).toBe('unreachable');
    expect(error.message).toContain(path);
  });

  it('reports a malformed file as invalid_data, naming it', async () => {
    const path = join(FIXTURES, 'test/malformed.ics');
    const error = await rejection(createLocalCalendar().busy(host('UTC', [path]), WEEK));
    expect(error.code).toBe('invalid_data');
    expect(error.message).toContain(path);
  });
});

describe('local calendar: writes', () => {
  it('accepts creates, updates and cancels without doing anything', async () => {
    const calendar = createLocalCalendar({ readFile: vi.fn() });
    const ev: CalendarEvent = {
      uid: 'u@acme.example',
      sequence: 0,
      start: Date.parse('2026-11-24T09:00:00Z'),
      end: Date.parse('2026-11-24T09:30:00Z'),
      summary: 'Intro',
      description: '',
      location: null,
      organizer: { name: 'Alice', email: 'alice@acme.example' },
      attendees: [],
    };
    await expect(calendar.createEvent(alice, ev)).resolves.toBeUndefined();
    await expect(calendar.updateEvent(alice, ev)).resolves.toBeUndefined();
    await expect(calendar.cancelEvent(alice, ev)).resolves.toBeUndefined();
  });
});
