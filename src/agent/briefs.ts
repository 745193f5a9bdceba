import { DateTime } from 'luxon';
import type { Interval } from '../core/interval.js';
import { zoneLabel } from '../core/prospect-zone.js';
import { formatSlot } from './templates/format.js';
import { en } from './templates/en.js';

/** Staff mail is written in English; the prospect's mail follows their language. */
export interface Wording {
  text: string;
}

/** What happened to the meeting, as the headline of the rep's brief says it. */
export type MeetingNews = 'booked' | 'moved' | 'cancelled' | 'reassigned';

const HEADLINES: Record<MeetingNews, (campaign: string) => string> = {
  booked: (campaign) => `A meeting was booked from the campaign "${campaign}".`,
  moved: (campaign) => `A meeting from the campaign "${campaign}" was moved at the prospect's request.`,
  cancelled: (campaign) => `A meeting from the campaign "${campaign}" was cancelled by the prospect.`,
  reassigned: (campaign) =>
    `A meeting from the campaign "${campaign}" was moved to a time you are not free, so a colleague takes it; it is off your calendar.`,
};

/** One message of the thread as a rep reads it in a brief. */
export interface ThreadEntry {
  direction: 'in' | 'out';
  from: string;
  at: number;
  text: string;
}

export interface BriefContext {
  prospect: { name: string | null; email: string };
  campaign: { name: string; address: string };
  thread: readonly ThreadEntry[];
}

/** The rep's lead brief that travels with the invite: who, which campaign, what was said. */
export function leadBriefWording(
  context: BriefContext & {
    news: MeetingNews;
    slot: Interval;
    hostZone: string;
    prospectZone: string;
    inviteAttached: boolean;
    /** Signed links that record how the meeting went (when the service is set up for them). */
    outcomeLinks?: Array<{ label: string; url: string }>;
  },
): Wording {
  const invite = context.inviteAttached
    ? 'The invitation is attached.'
    : 'The calendar invitation comes from your calendar.';
  return {
    text: [
      HEADLINES[context.news](context.campaign.name),
      '',
      `Who:      ${who(context.prospect)}`,
      `Campaign: ${context.campaign.name} <${context.campaign.address}>`,
      `When:     ${formatSlot(context.slot, context.hostZone, en)}, ${zoneLabel(context.hostZone, context.slot.start)}`,
      `          ${formatSlot(context.slot, context.prospectZone, en)}, ${zoneLabel(context.prospectZone, context.slot.start)}, for them`,
      '',
      ...(context.outcomeLinks && context.outcomeLinks.length > 0
        ? ['After the meeting, record how it went:', ...context.outcomeLinks.map((link) => `  ${link.label}: ${link.url}`), '']
        : []),
      `${invite} The thread so far:`,
      '',
      ...threadLines(context.thread),
    ].join('\n'),
  };
}

/** What the campaign owner gets when the agent steps back: why, who, and the whole thread. */
export function handoffBriefWording(context: BriefContext & { reason: string }): Wording {
  return {
    text: [
      `The scheduling agent needs a person for a lead of "${context.campaign.name}".`,
      '',
      `Why:      ${context.reason}`,
      `Who:      ${who(context.prospect)}`,
      `Campaign: ${context.campaign.name} <${context.campaign.address}>`,
      '',
      'Replying to this email writes to the prospect directly. The thread so far:',
      '',
      ...threadLines(context.thread),
    ].join('\n'),
  };
}

/** What a person gets when the pipeline gave up on a message: why, what it was, and how to run it again. */
export function failureHandoffWording(context: {
  campaign: { name: string; address: string } | null;
  messageId: number;
  from: string | null;
  subject: string | null;
  receivedAt: number;
  attempts: number;
  reason: string;
  /** Why the original could not be attached, or null when it is. */
  notAttached: string | null;
}): Wording {
  const campaign = context.campaign ? `"${context.campaign.name}" <${context.campaign.address}>` : 'a campaign no longer configured';
  return {
    text: [
      `The scheduling agent could not handle a message to ${campaign}, so it needs a person.`,
      '',
      `Why:      ${context.reason}`,
      `From:     ${context.from ?? '(unknown sender)'}`,
      `Subject:  ${context.subject ?? '(none)'}`,
      `Received: ${DateTime.fromMillis(context.receivedAt, { zone: 'UTC' }).toFormat('ccc d LLL yyyy HH:mm')} UTC`,
      `Attempts: ${context.attempts}`,
      '',
      context.notAttached === null
        ? 'The original message is attached exactly as it arrived. Replying to this email writes to the sender.'
        : `The original could not be attached (${context.notAttached}); it is kept in the database.`,
      '',
      'Once the cause is fixed, the agent can take it again:',
      `  campaign-agent retry ${context.messageId}`,
    ].join('\n'),
  };
}

function who(prospect: BriefContext['prospect']): string {
  return prospect.name ? `${prospect.name} <${prospect.email}>` : prospect.email;
}

function threadLines(thread: readonly ThreadEntry[]): string[] {
  return thread.flatMap((entry) => [
    `--- ${entry.direction === 'in' ? entry.from : 'Agent'}, ${DateTime.fromMillis(entry.at, { zone: 'UTC' }).toFormat('ccc d LLL yyyy HH:mm')} UTC ---`,
    entry.text.trim(),
    '',
  ]);
}
