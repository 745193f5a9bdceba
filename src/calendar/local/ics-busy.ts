import ICAL from 'ical.js';
import { DateTime, IANAZone } from 'luxon';
import { mergeIntervals, type Interval } from '../../core/interval.js';
import { CalendarError } from '../provider.js';

/**
 * Upper bound on occurrences walked per recurring event. A daily rule needs ~365 a year, so this
 * only trips on rules like FREQ=MINUTELY that would otherwise stall a busy query.
 */
const MAX_OCCURRENCES = 100_000;
const DAY_MS = 86_400_000;

export interface BusyOptions {
  /** IANA zone of the host: all-day and floating times are local to it. */
  defaultTimeZone: string;
}

/**
 * The window-independent result of parsing a file, so callers can cache it and expand it
 * for many windows without re-parsing.
 */
export interface ParsedCalendar {
  /** Events without RECURRENCE-ID, each related to the overrides of its own UID. */
  readonly masters: readonly ICAL.Event[];
  /** Every RECURRENCE-ID override, expanded on its own so a moved instance is found anywhere. */
  readonly overrides: readonly ICAL.Event[];
}

/** Busy intervals of one .ics text inside the window, merged, sorted and clipped to it. */
export function busyFromIcs(icsText: string, window: Interval, options: BusyOptions): Interval[] {
  return busyFromParsed(parseIcs(icsText), window, options);
}

/** Parses and validates .ics text; throws CalendarError('invalid_data') naming the problem. */
export function parseIcs(icsText: string): ParsedCalendar {
  const masters: ICAL.Event[] = [];
  const overrides: ICAL.Event[] = [];
  for (const root of parseRoots(icsText)) {
    registerIanaZones(root);
    const vevents = root.getAllSubcomponents('vevent');
    const isOverride = (c: ICAL.Component): boolean => c.hasProperty('recurrence-id');
    for (const component of vevents.filter(isOverride)) {
      overrides.push(checkedEvent(component, []));
    }
    for (const component of vevents.filter((c) => !isOverride(c))) {
      const uid = component.getFirstPropertyValue('uid');
      // Passed explicitly: left to itself ical.js relates every override in the file to every
      // master, whatever their UIDs.
      const own = overrides.filter((o) => o.uid === uid);
      masters.push(checkedEvent(component, own));
    }
  }
  return { masters, overrides };
}

/** Expands a parsed calendar into busy intervals inside the window, merged and sorted. */
export function busyFromParsed(
  calendar: ParsedCalendar,
  window: Interval,
  options: BusyOptions,
): Interval[] {
  if (!IANAZone.isValidZone(options.defaultTimeZone)) {
    throw new RangeError(`Unknown time zone "${options.defaultTimeZone}"`);
  }
  const zone = options.defaultTimeZone;
  const found: Interval[] = [];
  for (const master of calendar.masters) found.push(...expandMaster(master, window, zone));
  for (const override of calendar.overrides) {
    if (isBusy(override)) found.push(toInterval(override.startDate, override.endDate, zone));
  }
  return mergeIntervals(found.flatMap((i) => clip(i, window)));
}

function parseRoots(icsText: string): ICAL.Component[] {
  let parsed: unknown;
  try {
    parsed = ICAL.parse(icsText);
  } catch (error) {
    throw invalid(`not valid iCalendar: ${messageOf(error)}`, error);
  }
  // ical.js returns one jCal component, or an array of them when the text holds several.
  const jcals = (isJcalComponent(parsed) ? [parsed] : parsed) as unknown[];
  if (jcals.length === 0) throw invalid('not valid iCalendar: no VCALENDAR found');
  return jcals.map((jcal) => {
    const name = isJcalComponent(jcal) ? jcal[0] : '?';
    if (name !== 'vcalendar') {
      throw invalid(`not valid iCalendar: expected VCALENDAR, found ${name.toUpperCase()}`);
    }
    return new ICAL.Component(jcal as unknown[]);
  });
}

function isJcalComponent(value: unknown): value is [string, ...unknown[]] {
  return Array.isArray(value) && typeof value[0] === 'string';
}

/** Builds the event and forces its dates to decode now, so a bad file fails at parse time. */
function checkedEvent(component: ICAL.Component, overrides: ICAL.Event[]): ICAL.Event {
  const uid = String(component.getFirstPropertyValue('uid') ?? '(no UID)');
  try {
    if (!component.hasProperty('dtstart')) throw new Error('DTSTART is missing');
    const event = new ICAL.Event(component, { exceptions: overrides });
    const start = event.startDate.toUnixTime();
    const end = event.endDate.toUnixTime();
    if (!Number.isFinite(start) || !Number.isFinite(end)) {
      throw new Error('unreadable DTSTART/DTEND');
    }
    if (end < start) throw new Error('DTEND is before DTSTART');
    return event;
  } catch (error) {
    throw invalid(`event "${uid}": ${messageOf(error)}`, error);
  }
}

function* occurrences(master: ICAL.Event): Generator<ICAL.Time> {
  const iterator = master.iterator();
  for (let count = 0; count < MAX_OCCURRENCES; count++) {
    const next = iterator.next();
    if (!next) return;
    yield next;
  }
  throw new Error(`recurrence has more than ${MAX_OCCURRENCES} occurrences before the window end`);
}

function expandMaster(master: ICAL.Event, window: Interval, zone: string): Interval[] {
  const excluded = exdateMatcher(master.component, zone);
  // Only RANGE=THISANDFUTURE overrides move plain occurrences, so without them an occurrence
  // starting more than its length (plus a day of DST / all-day slack) before the window is
  // skipped cheaply.
  const length = master.duration.toSeconds() * 1000;
  const reach = master.rangeExceptions.length ? Infinity : length + DAY_MS;
  const busy: Interval[] = [];
  try {
    for (const occurrence of occurrences(master)) {
      const startMs = toEpochMs(occurrence, zone);
      if (startMs >= window.end) break;
      if (startMs + reach <= window.start || excluded(occurrence, startMs)) continue;
      const details = master.getOccurrenceDetails(occurrence);
      // Overrides of single instances are expanded on their own (see ParsedCalendar).
      const isOverridden = details.item !== master && !details.item.modifiesFuture();
      if (isOverridden || !isBusy(details.item)) continue;
      busy.push(toInterval(details.startDate, details.endDate, zone));
    }
  } catch (error) {
    throw invalid(`event "${master.uid}": ${messageOf(error)}`, error);
  }
  return busy;
}

/**
 * EXDATE matching done here rather than trusted to ical.js: its expansion advances only one
 * EXDATE per occurrence, so an EXDATE that matches no occurrence makes it miss the next one.
 */
function exdateMatcher(
  component: ICAL.Component,
  zone: string,
): (occurrence: ICAL.Time, startMs: number) => boolean {
  const instants = new Set<number>();
  const days = new Set<string>();
  for (const property of component.getAllProperties('exdate')) {
    for (const value of property.getValues() as ICAL.Time[]) {
      if (value.isDate) days.add(dayKey(value));
      else instants.add(toEpochMs(value, zone));
    }
  }
  return (occurrence, startMs) => instants.has(startMs) || days.has(dayKey(occurrence));
}

function dayKey(time: ICAL.Time): string {
  return `${time.year}-${time.month}-${time.day}`;
}

function isBusy(event: ICAL.Event): boolean {
  const upper = (name: string): string =>
    String(event.component.getFirstPropertyValue(name) ?? '').toUpperCase();
  return upper('transp') !== 'TRANSPARENT' && upper('status') !== 'CANCELLED';
}

function toInterval(start: ICAL.Time, end: ICAL.Time, zone: string): Interval {
  return { start: toEpochMs(start, zone), end: toEpochMs(end, zone) };
}

/** Dates and floating times are wall-clock in the host's zone; the rest carry their own zone. */
function toEpochMs(time: ICAL.Time, zone: string): number {
  if (!time.isDate && time.zone !== ICAL.Timezone.localTimezone) return time.toUnixTime() * 1000;
  const { year, month, day } = time;
  const clock = time.isDate ? {} : { hour: time.hour, minute: time.minute, second: time.second };
  return DateTime.fromObject({ year, month, day, ...clock }, { zone }).toMillis();
}

function clip(interval: Interval, window: Interval): Interval[] {
  const start = Math.max(interval.start, window.start);
  const end = Math.min(interval.end, window.end);
  return start < end ? [{ start, end }] : [];
}

/**
 * A TZID with no VTIMEZONE in the file falls back to ical.js's global TimezoneService. Registering
 * IANA names there (backed by luxon) makes such files resolve correctly; in-file VTIMEZONEs still
 * take precedence. A TZID that is neither defined nor IANA stays floating, i.e. the host's zone.
 */
function registerIanaZones(root: ICAL.Component): void {
  const defined = new Set(
    root.getAllSubcomponents('vtimezone').map((tz) => String(tz.getFirstPropertyValue('tzid'))),
  );
  for (const event of root.getAllSubcomponents('vevent')) {
    for (const property of event.getAllProperties()) {
      const tzid = property.getParameter('tzid');
      if (typeof tzid !== 'string' || defined.has(tzid) || ICAL.TimezoneService.has(tzid)) continue;
      if (IANAZone.isValidZone(tzid)) ICAL.TimezoneService.register(new IanaTimezone(tzid));
    }
  }
}

class IanaTimezone extends ICAL.Timezone {
  constructor(tzid: string) {
    super({ tzid });
  }

  /** Offset in seconds of the wall-clock time `tt` in this zone. */
  override utcOffset(tt: ICAL.Time): number {
    const { year, month, day, hour, minute, second } = tt;
    const wallClock = { year, month, day, hour, minute, second };
    return DateTime.fromObject(wallClock, { zone: this.tzid }).offset * 60;
  }
}

function invalid(message: string, cause?: unknown): CalendarError {
  return new CalendarError('invalid_data', message, { cause });
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
