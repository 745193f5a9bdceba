import { DateTime } from 'luxon';
import type { Interval } from '../core/interval.js';
import type { OfferReason } from '../core/conversation.js';
import type { OfferedTime } from './understanding.js';
import { zoneLabel } from '../core/prospect-zone.js';

/** The words of a mail; threading and MIME are the composer's job. */
export interface Wording {
  text: string;
}

export interface ReplyContext {
  prospectName: string | null;
  senderName: string;
  hostName: string;
  /** The zone times are shown in: the prospect's. */
  timeZone: string;
}

const OPENERS: Record<OfferReason, (context: ReplyContext) => string> = {
  first_contact: (c) =>
    `Thanks for getting in touch. ${c.hostName} would be glad to talk with you. Here are a few times that work:`,
  requested: () => 'Of course. Here are some other times:',
  slot_taken: () => 'Sorry, that time has just been taken. Here are the next times available:',
  no_fit: () => "That time isn't available, I'm afraid. These are the closest ones:",
  unclear: () => "Sorry, I couldn't tell which time you meant. Here are the times again:",
};

export function offerWording(context: ReplyContext, slots: readonly OfferedTime[], reason: OfferReason): Wording {
  const first = slots[0]?.start ?? 0;
  const lines = slots.map((slot) => `  ${slot.position}. ${formatSlot(slot, context.timeZone)}`);
  return {
    text: [
      greeting(context),
      '',
      OPENERS[reason](context),
      '',
      ...lines,
      '',
      `All times are ${zoneLabel(context.timeZone, first)}.`,
      `Just reply with the number that suits you (for example "${slots.length > 1 ? 2 : 1}"), or suggest another time.`,
      '',
      signOff(context),
    ].join('\n'),
  };
}

export function confirmationWording(context: ReplyContext, slot: Interval): Wording {
  return {
    text: [
      greeting(context),
      '',
      `You're booked with ${context.hostName}:`,
      '',
      `  ${formatSlot(slot, context.timeZone)}, ${zoneLabel(context.timeZone, slot.start)}`,
      '',
      'The calendar invitation is attached. If you need to change anything, just reply to this email.',
      '',
      signOff(context),
    ].join('\n'),
  };
}

export function declineWording(context: ReplyContext): Wording {
  return {
    text: [
      greeting(context),
      '',
      "Understood, thank you for letting us know. We won't write to you about this again.",
      '',
      signOff(context),
    ].join('\n'),
  };
}

export function handoffNoticeWording(context: ReplyContext, personName: string): Wording {
  return {
    text: [
      greeting(context),
      '',
      `Thanks for your message. I've passed it to ${personName}, who will get back to you personally.`,
      '',
      signOff(context),
    ].join('\n'),
  };
}

/** "Tuesday 24 November, 10:00 – 10:30" in the given zone. */
export function formatSlot(slot: Interval, timeZone: string): string {
  const start = DateTime.fromMillis(slot.start, { zone: timeZone, locale: 'en-GB' });
  const end = DateTime.fromMillis(slot.end, { zone: timeZone, locale: 'en-GB' });
  return `${start.toFormat('cccc d LLLL, HH:mm')} – ${end.toFormat('HH:mm')}`;
}

function greeting(context: ReplyContext): string {
  // "Doe, Jane" is how some directories write names; the given name comes after the comma.
  const given = context.prospectName?.includes(',') ? context.prospectName.split(',')[1] : context.prospectName;
  const first = given?.trim().split(/\s+/)[0];
  return first ? `Hi ${first},` : 'Hello,';
}

function signOff(context: ReplyContext): string {
  return `Best regards,\n${context.senderName}`;
}
