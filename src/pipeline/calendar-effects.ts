import { createHash } from 'node:crypto';
import type { CampaignConfig, Config } from '../config/types.js';
import { CalendarError, type CalendarEvent } from '../calendar/provider.js';
import type { CalendarRegistry } from '../calendar/registry.js';
import type { BookedMeeting, Effect, Person } from '../core/conversation.js';
import type { Interval } from '../core/interval.js';
import type { Store } from '../store/store.js';
import type { Logger } from 'pino';
import { hostsById } from './hosts.js';

/** What happened on the calendars this turn, for the mails and the commit. */
export interface MeetingChange {
  kind: 'booked' | 'moved' | 'cancelled';
  meeting: BookedMeeting;
  /** The prospect, or the colleague they asked to send. */
  attendees: Person[];
  /** The hosts before a move; they differ from `meeting.hostIds` when another rep took the meeting. */
  previousHostIds: string[];
  inviteByEmail: boolean;
}

export interface CalendarEffectDeps {
  config: Config;
  store: Store;
  calendars: CalendarRegistry;
  logger: Logger;
  now: () => number;
}

export interface MeetingContext {
  campaign: CampaignConfig;
  leadId: number;
  conversationId: number;
  conversationToken: string;
  /** Who is invited besides the hosts: the prospect, and the colleague they named. */
  attendees: Person[];
  /** Makes the booking id stable across retries of the same turn (the inbound message id, or the follow-up's). */
  turnKey: string;
}

/** The event as calendars and invitations show it; the first host organises. */
export function meetingEvent(config: Config, context: Pick<MeetingContext, 'campaign' | 'attendees'>, meeting: BookedMeeting): CalendarEvent {
  const hosts = hostsById(config, meeting.hostIds);
  const organizer = hosts[0]!;
  const { campaign, attendees } = context;
  const guest = attendees[0]!;
  return {
    uid: meeting.uid,
    sequence: meeting.sequence,
    start: meeting.start,
    end: meeting.end,
    summary: `${campaign.meeting.title}: ${guest.name ?? guest.email} and ${hosts.map((host) => host.name).join(', ')}`,
    description: `Booked by email through the campaign "${campaign.name}". Reply to the confirmation email to change it.`,
    location: campaign.meeting.location,
    organizer: { name: organizer.name, email: organizer.email },
    attendees: [
      ...attendees.map((person) => ({ name: person.name, email: person.email })),
      ...hosts.map((host) => ({ name: host.name, email: host.email })),
    ],
  };
}

/** Google sends its own invitations for events it holds; email carries them for every other calendar. */
function invitesByEmail(config: Config, hostIds: readonly string[]): boolean {
  return hostsById(config, hostIds)[0]!.calendar.provider !== 'google';
}

export type CalendarOutcome =
  | { kind: 'changed'; change: MeetingChange }
  | { kind: 'slot_taken' }
  | { kind: 'failed'; reason: string };

/** The uid a booking made in this turn gets: the same on every retry of the turn. */
export function bookingUidFor(config: Config, conversationToken: string, turnKey: string): string {
  const digest = createHash('sha256').update(`${conversationToken}:${turnKey}`).digest('hex');
  return `${digest.slice(0, 32)}@${config.service.domain}`;
}

/**
 * Performs the step's calendar effect. The database decides first (it is where two racing
 * prospects meet), then the calendar is written; a calendar that refuses gives the slot back.
 * Every id is derived from the turn, so a retry after a crash finds the same booking and event.
 */
export async function applyCalendarEffect(
  deps: CalendarEffectDeps,
  context: MeetingContext,
  effect: Extract<Effect, { kind: 'book' | 'move' | 'cancel' }>,
): Promise<CalendarOutcome> {
  try {
    switch (effect.kind) {
      case 'book':
        return await book(deps, context, effect.hostIds, effect.slot);
      case 'move':
        return await move(deps, context, effect.booking, effect.slot, effect.hostIds);
      case 'cancel':
        return await cancel(deps, context, effect.booking);
    }
  } catch (error) {
    if (!(error instanceof CalendarError)) throw error;
    deps.logger.error({ err: error, conversation: context.conversationId }, 'calendar write failed');
    return { kind: 'failed', reason: error.message };
  }
}

async function book(deps: CalendarEffectDeps, context: MeetingContext, hostIds: string[], slot: Interval): Promise<CalendarOutcome> {
  const meeting: BookedMeeting = { uid: bookingUidFor(deps.config, context.conversationToken, context.turnKey), start: slot.start, end: slot.end, hostIds, sequence: 0 };
  const organizer = hostsById(deps.config, hostIds)[0]!;
  const event = meetingEvent(deps.config, context, meeting);
  const verdict = await deps.store.transaction(() =>
    deps.store.bookings.insertIfFree(
      {
        uid: meeting.uid,
        leadId: context.leadId,
        conversationId: context.conversationId,
        campaign: context.campaign.address,
        hostIds,
        attendeeEmail: context.attendees[0]!.email,
        slot,
      },
      deps.now(),
    ),
  );
  if (!verdict.ok) {
    deps.logger.info({ conversation: context.conversationId, hosts: hostIds }, 'slot taken by another booking; offering new times');
    return { kind: 'slot_taken' };
  }
  try {
    await deps.calendars(organizer).createEvent(organizer, event);
  } catch (error) {
    await deps.store.transaction(() => deps.store.bookings.release(meeting.uid));
    throw error;
  }
  return changed('booked', meeting, context, deps.config);
}

async function move(
  deps: CalendarEffectDeps,
  context: MeetingContext,
  booking: BookedMeeting,
  slot: Interval,
  hostIds: string[],
): Promise<CalendarOutcome> {
  const verdict = await deps.store.transaction(() => deps.store.bookings.moveIfFree(booking.uid, slot, hostIds, deps.now()));
  if (!verdict.ok) return { kind: 'slot_taken' };
  const meeting: BookedMeeting = { ...booking, start: slot.start, end: slot.end, hostIds, sequence: booking.sequence + 1 };
  const before = hostsById(deps.config, booking.hostIds)[0]!;
  const after = hostsById(deps.config, hostIds)[0]!;
  try {
    if (before.id === after.id) {
      await deps.calendars(after).updateEvent(after, meetingEvent(deps.config, context, meeting));
    } else {
      // Another rep takes the meeting: it leaves the old organiser's calendar and lands on the new one.
      await deps.calendars(after).createEvent(after, meetingEvent(deps.config, context, meeting));
      await deps.calendars(before).cancelEvent(before, meetingEvent(deps.config, context, { ...booking, sequence: booking.sequence + 1 }));
    }
  } catch (error) {
    await deps.store.transaction(() =>
      deps.store.bookings.moveIfFree(booking.uid, { start: booking.start, end: booking.end }, booking.hostIds, deps.now()),
    );
    throw error;
  }
  return changed('moved', meeting, context, deps.config, booking.hostIds);
}

async function cancel(deps: CalendarEffectDeps, context: MeetingContext, booking: BookedMeeting): Promise<CalendarOutcome> {
  const meeting: BookedMeeting = { ...booking, sequence: booking.sequence + 1 };
  const organizer = hostsById(deps.config, booking.hostIds)[0]!;
  await deps.calendars(organizer).cancelEvent(organizer, meetingEvent(deps.config, context, meeting));
  await deps.store.transaction(() => deps.store.bookings.cancel(booking.uid, deps.now()));
  return changed('cancelled', meeting, context, deps.config);
}

function changed(
  kind: MeetingChange['kind'],
  meeting: BookedMeeting,
  context: MeetingContext,
  config: Config,
  previousHostIds: string[] = meeting.hostIds,
): CalendarOutcome {
  return {
    kind: 'changed',
    change: { kind, meeting, previousHostIds, attendees: context.attendees, inviteByEmail: invitesByEmail(config, meeting.hostIds) },
  };
}
