/**
 * Dates and times as marketers write them for days off and time off: an ISO date, or an ISO date
 * and time with or without an offset. Without an offset they are read in the rep's time zone.
 */
import { DateTime, IANAZone } from 'luxon';
import { quote, type PathIssue } from './issues.js';
import { asEntry, asList, isString, valueIssue } from './raw.js';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(?:Z|[+-]\d{2}:\d{2})?$/;

export function isIsoDate(text: string): boolean {
  return DATE.test(text) && DateTime.fromISO(text, { zone: 'UTC' }).isValid;
}

export function isIsoDateOrDateTime(text: string): boolean {
  return (DATE.test(text) || DATE_TIME.test(text)) && DateTime.fromISO(text, { zone: 'UTC' }).isValid;
}

/**
 * Epoch ms of one end of a time-off period. A bare date means the whole day, so as an `until`
 * it is the start of the next day in the rep's zone.
 */
export function timeOffBound(text: string, zone: string, edge: 'from' | 'until'): number {
  const instant = DateTime.fromISO(text, { zone });
  return (DATE.test(text) && edge === 'until' ? instant.plus({ days: 1 }) : instant).toMillis();
}

/** Each period whose end is not after its start, reported at its `until`. */
export function checkTimeOffOrder(raw: unknown): PathIssue[] {
  return asList(asEntry(raw)?.['team']).flatMap((member, memberIndex) => {
    const zone = asEntry(member)?.['time_zone'];
    if (!isString(zone) || !IANAZone.isValidZone(zone)) return [];
    return asList(asEntry(member)?.['time_off']).flatMap((period, index) => {
      const from = asEntry(period)?.['from'];
      const until = asEntry(period)?.['until'];
      if (!isString(from) || !isString(until)) return [];
      if (!isIsoDateOrDateTime(from) || !isIsoDateOrDateTime(until)) return [];
      if (timeOffBound(from, zone, 'from') < timeOffBound(until, zone, 'until')) return [];
      const path = ['team', memberIndex, 'time_off', index, 'until'];
      return [valueIssue(path, `${quote(until)} is not after from ${quote(from)}`)];
    });
  });
}
