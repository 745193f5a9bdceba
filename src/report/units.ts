import { DateTime } from 'luxon';

/** "0.8 s", "42 s", "3 min", "2.5 h", "3.2 d"; "–" when there is nothing to measure. */
export function duration(ms: number | null): string {
  if (ms === null) return '–';
  const seconds = ms / 1000;
  const size = Math.abs(seconds);
  if (size < 10) return `${seconds.toFixed(1)} s`;
  if (size < 120) return `${Math.round(seconds)} s`;
  if (size < 7200) return `${Math.round(seconds / 60)} min`;
  if (size < 48 * 3600) return `${(seconds / 3600).toFixed(1)} h`;
  return `${(seconds / 86_400).toFixed(1)} d`;
}

/** "40.0 %"; "–" when the rate is undefined (no leads). */
export function percent(rate: number | null): string {
  return rate === null ? '–' : `${(rate * 100).toFixed(1)} %`;
}

/** "Ann Lee <ann@example.com>", or the address alone when there is no name. */
export function nameAndEmail(name: string | null, email: string): string {
  return name ? `${name} <${email}>` : email;
}

/** "2026-03-02 14:00 UTC": report windows are stated in UTC, like the weeks. */
export function utcMinute(instant: number): string {
  return `${DateTime.fromMillis(instant, { zone: 'UTC' }).toFormat('yyyy-LL-dd HH:mm')} UTC`;
}

/** "2026-03-02 00:00 – 2026-03-23 00:00 UTC" */
export function windowLabel(since: number, until: number): string {
  const minute = (instant: number) => DateTime.fromMillis(instant, { zone: 'UTC' }).toFormat('yyyy-LL-dd HH:mm');
  return `${minute(since)} – ${minute(until)} UTC`;
}
