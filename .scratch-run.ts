import { DateTime } from 'luxon';
import { understandByRules } from './src/agent/rules.js';
const zone = 'America/New_York';
const now = Date.parse('2026-11-20T15:00:00Z');
const at = (iso: string) => DateTime.fromISO(iso, { zone }).toMillis();
const offered = [
  { position: 1, start: at('2026-11-24T10:00'), end: at('2026-11-24T10:30') },
  { position: 2, start: at('2026-11-25T14:30'), end: at('2026-11-25T15:00') },
  { position: 3, start: at('2026-11-26T11:00'), end: at('2026-11-26T11:30') },
];
const fmt = (ms: number) => DateTime.fromMillis(ms, { zone }).toFormat("ccc dd HH:mm");
for (const text of process.argv.slice(2)) {
  const u = understandByRules({ text, now, timeZone: zone, offered });
  console.log(JSON.stringify(text).padEnd(50), u.intent, u.choice, u.timeZone, u.times.map(t => fmt(t.start) + (t.end !== t.start ? '–' + fmt(t.end) : '')).join(', '));
}
