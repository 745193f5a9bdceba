import type { CampaignConfig, Config, HostConfig } from '../config/types.js';
import type { Effect } from '../core/conversation.js';
import type { Interval } from '../core/interval.js';
import type { OfferedTime } from '../agent/understanding.js';
import {
  confirmationWording,
  declineWording,
  handoffNoticeWording,
  offerWording,
  type ReplyContext,
} from '../agent/replies.js';
import { handoffBriefWording, leadBriefWording, type ThreadEntry } from '../agent/briefs.js';
import { buildInvite } from '../calendar/invite.js';
import type { CalendarEvent } from '../calendar/provider.js';
import { composeMail, replySubject, type Address } from '../mail/compose.js';
import { conversationAddress } from '../mail/addressing.js';
import type { OutboundMail } from '../store/outbox.js';

/** Everything the wording of this turn's mails depends on. */
export interface TurnContext {
  config: Config;
  campaign: CampaignConfig;
  conversation: { id: number; token: string; prospectZone: string; subject: string };
  prospect: Address;
  /** The message being answered, for threading. */
  inbound: { messageId: string | null; references: string[] };
  thread: ThreadEntry[];
  now: number;
}

export interface PlannedMail extends OutboundMail {
  /** The times this mail offers, recorded once it is queued. */
  offered: { hostId: string; slots: OfferedTime[] } | null;
}

export interface ConfirmedBooking {
  uid: string;
  host: HostConfig;
  slot: Interval;
}

export function calendarEvent(context: TurnContext, booking: ConfirmedBooking): CalendarEvent {
  const { campaign, prospect } = context;
  return {
    uid: booking.uid,
    sequence: 0,
    start: booking.slot.start,
    end: booking.slot.end,
    summary: `${campaign.meeting.title}: ${prospect.name ?? prospect.address} and ${booking.host.name}`,
    description: `Booked by email through the campaign "${campaign.name}". Reply to the invitation email to change it.`,
    location: campaign.meeting.location,
    organizer: { name: booking.host.name, email: booking.host.email },
    attendees: [
      { name: prospect.name, email: prospect.address },
      { name: booking.host.name, email: booking.host.email },
    ],
  };
}

/** Turns the step's effects into the mails to queue, in order. */
export async function planMails(
  context: TurnContext,
  effects: readonly Effect[],
  booking: ConfirmedBooking | null,
): Promise<PlannedMail[]> {
  const mails: PlannedMail[] = [];
  for (const effect of effects) mails.push(...(await mailsFor(context, effect, booking)));
  return mails;
}

async function mailsFor(context: TurnContext, effect: Effect, booking: ConfirmedBooking | null): Promise<PlannedMail[]> {
  const host = (id: string) => context.config.hosts.find((candidate) => candidate.id === id)!;
  switch (effect.kind) {
    case 'offer': {
      const wording = offerWording(replyContext(context, host(effect.hostId)), effect.slots, effect.reason);
      return [await toProspect(context, 'reply', wording.text, null, { hostId: effect.hostId, slots: effect.slots })];
    }
    case 'book': {
      if (!booking) throw new Error('book effect without a confirmed booking');
      const event = calendarEvent(context, booking);
      const ics = buildInvite({ method: 'REQUEST', event, timeZone: booking.host.timeZone });
      const confirmation = confirmationWording(replyContext(context, booking.host), booking.slot);
      const brief = leadBriefWording({
        prospect: { name: context.prospect.name, email: context.prospect.address },
        campaign: { name: context.campaign.name, address: context.campaign.address },
        thread: context.thread,
        slot: booking.slot,
        hostZone: booking.host.timeZone,
        prospectZone: context.conversation.prospectZone,
      });
      return [
        await toProspect(context, 'confirmation', confirmation.text, ics, null),
        await toStaff(context, {
          kind: 'host_brief',
          to: booking.host,
          subject: `Meeting booked: ${context.prospect.name ?? context.prospect.address} (${context.campaign.name})`,
          text: brief.text,
          ics,
        }),
      ];
    }
    case 'acknowledge_decline':
      return [await toProspect(context, 'reply', declineWording(replyContext(context, null)).text, null, null)];
    case 'hand_to_human': {
      const owner = host(context.campaign.ownerId);
      const brief = handoffBriefWording({
        prospect: { name: context.prospect.name, email: context.prospect.address },
        campaign: { name: context.campaign.name, address: context.campaign.address },
        thread: context.thread,
        reason: effect.reason,
      });
      const handoff = await toStaff(context, {
        kind: 'handoff',
        to: owner,
        subject: `Needs a person: ${context.prospect.name ?? context.prospect.address} (${context.campaign.name})`,
        text: brief.text,
        ics: null,
      });
      if (!effect.tellProspect) return [handoff];
      const notice = handoffNoticeWording(replyContext(context, owner), owner.name);
      return [handoff, await toProspect(context, 'reply', notice.text, null, null)];
    }
  }
}

function replyContext(context: TurnContext, host: HostConfig | null): ReplyContext {
  return {
    prospectName: context.prospect.name,
    senderName: context.campaign.senderName,
    hostName: host?.name ?? context.campaign.senderName,
    timeZone: context.conversation.prospectZone,
  };
}

async function toProspect(
  context: TurnContext,
  kind: 'reply' | 'confirmation',
  text: string,
  ics: string | null,
  offered: PlannedMail['offered'],
): Promise<PlannedMail> {
  const from = { name: context.campaign.senderName, address: context.campaign.address };
  const subject = replySubject(context.conversation.subject, context.campaign.name);
  const composed = await composeMail({
    domain: context.config.service.domain,
    from,
    to: [context.prospect],
    replyTo: { name: from.name, address: conversationAddress(context.campaign.address, context.conversation.token) },
    subject,
    text,
    inReplyTo: context.inbound.messageId
      ? { messageId: context.inbound.messageId, references: context.inbound.references }
      : null,
    invite: ics ? { method: 'REQUEST', ics } : null,
    date: context.now,
  });
  return {
    campaign: context.campaign.address,
    conversationId: context.conversation.id,
    kind,
    messageId: composed.messageId,
    envelopeFrom: context.campaign.address,
    envelopeTo: [context.prospect.address],
    subject,
    text,
    raw: composed.raw,
    offered,
  };
}

async function toStaff(
  context: TurnContext,
  mail: { kind: 'host_brief' | 'handoff'; to: HostConfig; subject: string; text: string; ics: string | null },
): Promise<PlannedMail> {
  const composed = await composeMail({
    domain: context.config.service.domain,
    from: { name: context.campaign.senderName, address: context.campaign.address },
    to: [{ name: mail.to.name, address: mail.to.email }],
    // A rep who answers the brief writes to the prospect, not to the robot.
    replyTo: context.prospect,
    subject: mail.subject,
    text: mail.text,
    invite: mail.ics ? { method: 'REQUEST', ics: mail.ics } : null,
    date: context.now,
  });
  return {
    campaign: context.campaign.address,
    conversationId: context.conversation.id,
    kind: mail.kind,
    messageId: composed.messageId,
    envelopeFrom: context.campaign.address,
    envelopeTo: [mail.to.email],
    subject: mail.subject,
    text: mail.text,
    raw: composed.raw,
    offered: null,
  };
}
