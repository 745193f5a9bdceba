import type { HistoryEntry, LeadHistory } from '../store/lead-history.js';
import { nameAndEmail, utcMinute } from './units.js';

/** `campaign-agent explain`: a lead's thread, how each message was read, and why the agent acted. */
export function formatHistory(history: LeadHistory): string {
  const { lead } = history;
  const lines = [
    `Lead ${lead.id}: ${nameAndEmail(lead.name, lead.email)} on ${lead.campaign}`,
    `First message: ${utcMinute(lead.receivedAt)}; status: ${lead.status ?? 'none'}`,
  ];
  const colleagues = history.contacts.filter((email) => email !== lead.email);
  if (colleagues.length > 0) lines.push(`Also in the thread: ${colleagues.join(', ')}`);
  for (const meeting of history.meetings) {
    const outcome = meeting.outcome
      ? `; outcome ${meeting.outcome}${meeting.reason ? ` (${meeting.reason})` : ''} by ${meeting.recordedBy}`
      : '';
    const moved = meeting.sequence > 0 ? `, updated ${meeting.sequence}×` : '';
    lines.push(`Meeting ${meeting.id} (${meeting.uid}): ${utcMinute(meeting.start)} with ${meeting.hostId}, ${meeting.status}${moved}${outcome}`);
  }
  lines.push('');
  for (const entry of history.entries) lines.push(...describe(entry));
  return lines.join('\n').trimEnd();
}

function describe(entry: HistoryEntry): string[] {
  const when = utcMinute(entry.at);
  if (entry.type === 'decision') {
    const head = `${when}  ${entry.kind} (${entry.actor}): ${entry.summary}`;
    return entry.kind === 'understanding' ? [head, ...indent(understandingLines(entry.detail))] : [head];
  }
  const head = [
    entry.direction === 'in' ? 'IN ' : 'OUT',
    entry.kind ?? 'unprocessed',
    entry.from ?? '',
    entry.subject ? `"${entry.subject}"` : '',
    entry.direction === 'out' ? `[${entry.status}]` : '',
  ].filter((part) => part !== '');
  return [`${when}  ${head.join(' ')}`, ...indent((entry.text ?? '(no readable text)').trim().split(/\r?\n/))];
}

/** The fields of an Understanding worth reading; the rest is in the database. */
export function understandingLines(detail: unknown): string[] {
  if (typeof detail !== 'object' || detail === null) return [];
  const understanding = detail as Record<string, unknown>;
  const times = Array.isArray(understanding.times)
    ? (understanding.times as Array<{ start: number; end: number }>).map((time) =>
        time.end > time.start ? `${utcMinute(time.start)} – ${utcMinute(time.end)}` : utcMinute(time.start),
      )
    : [];
  return [
    `intent ${String(understanding.intent)}${understanding.choice ? `, choice ${String(understanding.choice)}` : ''}`,
    ...(times.length > 0 ? [`times: ${times.join('; ')}`] : []),
    ...(understanding.timeZone ? [`zone: ${String(understanding.timeZone)}`] : []),
    ...(understanding.question ? [`question: ${String(understanding.question)}`] : []),
  ];
}

function indent(lines: string[]): string[] {
  return lines.map((line) => `    ${line}`);
}
