import { DateTime } from 'luxon';
import { understandByRules } from './src/agent/rules.js';
const [nowIso, zone, ...texts] = process.argv.slice(2);
const now = Date.parse(nowIso!);
const ny = 'America/New_York';
const at = (iso: string) => DateTime.fromISO(iso, { zone: ny }).toMillis();
const base = DateTime.fromMillis(now, { zone: ny }).startOf('day');
const nextDow = (dow: number) => { let d = base.plus({ days: 1 }); while (d.weekday !== dow) d = d.plus({ days: 1 }); return d; };
const mk = (d: DateTime, h: number, m: number) => d.set({ hour: h, minute: m });
const o = [[nextDow(nowIso!.startsWith('2026-10') ? 1 : 2), 10, 0], [nextDow(nowIso!.startsWith('2026-10') ? 2 : 3), 14, 30], [nextDow(nowIso!.startsWith('2026-10') ? 3 : 4), 11, 0]] as const;
const offered = o.map(([d, h, m], i) => ({ position: i + 1, start: mk(d, h, m).toMillis(), end: mk(d, h, m).plus({ minutes: 30 }).toMillis() }));
console.log(offered.map(x => DateTime.fromMillis(x.start, { zone: ny }).toISO()));
for (const text of texts) {
  const u = understandByRules({ text, now, timeZone: zone!, offered });
  console.log(JSON.stringify(text).padEnd(40), u.intent, u.choice, u.timeZone, u.times.map(t => DateTime.fromMillis(t.start).toUTC().toISO() + (t.end !== t.start ? '–' + DateTime.fromMillis(t.end).toUTC().toISO() : '')).join(', '));
}
