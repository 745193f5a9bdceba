import { createHash } from 'node:crypto';
import type { CampaignConfig, Config, HostConfig } from '../config/types.js';
import type { CalendarEvent } from '../calendar/provider.js';
import type { CalendarRegistry } from '../calendar/registry.js';
import type { BookedMeeting, Effect, Person } from '../core/conversation.js';
import type { Interval } from '../core/interval.js';
import type { Store } from '../store/store.js';
import type { Logger } from 'pino';

/** What happened on the calendars this turn, for the mails and the commit. */
export type MeetingChange =
  | { kind: 'booked'; meeting: BookedMeeting; attendee: Person; inviteByEmail: boolean }
  | { kind: 'moved'; meeting: BookedMeeting; attendee: Person; inviteByEmail: boolean }
  | { kind: 'cancelled'; meeting: BookedMeeting; attendee: Person; inviteByEmail: boolean };

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
  /** Who is invited: the lead, or the colleague they named. */
  attendee: Person;
  /** Makes the booking id stable across retries of the same turn (the inbound message id, or the follow-up's). */
  turnKey: string;
}

export function hostsById(config: Config, hostIds: readonly string[]): HostConfig[] {
  return hostIds.map((id) => config.hosts.find((host) => host.id === id)!);
}

/** The event as calendars and invitations show it; the first host organises. */
export function meetingEvent(config: Config, context: Pick<MeetingContext, 'campaign' | 'attendee'>, meeting: BookedMeeting): CalendarEvent {
  const hosts = hostsById(config, meeting.hostIds);
  const organizer = hosts[0]!;
  const { campaign, attendee } = context;
  return {
    uid: meeting.uid,
    sequence: meeting.sequence,
    start: meeting.start,
    end: meeting.end,
    summary: `${campaign.meeting.title}: ${attendee.name ?? attendee.email} and ${hosts.map((host) => host.name).join(', ')}`,
    description: `Booked by email through the campaign "${campaign.name}". Reply to the confirmation email to change it.`,
    location: campaign.meeting.location,
    organizer: { name: organizer.name, email: organizer.email },
    attendees: [
      { name: attendee.name, email: attendee.email },
      ...hosts.map((host) => ({ name: host.name, email: host.email })),
    ],
  };
}

/** Google sends its own invitations for events it holds; email carries them for every other calendar. */
function invitesByEmail(config: Config, hostIds: readonly string[]): boolean {
  return hostsById(config, hostIds)[0]!.calendar.provider !== 'google';
}

/**
 * Performs the step's calendar effects: calendar first, then the database, so a crash in
 * between is repaired by the retry (the event id is derived from the turn; the booking row is
 * found by it). Returns null when the slot was taken in the meantime.
 */
export async function applyCalendarEffect(
  deps: CalendarEffectDeps,
  context: MeetingContext,
  effect: Extract<Effect, { kind: 'book' | 'move' | 'cancel' }>,
): Promise<MeetingChange | null> {
  switch (effect.kind) {
    case 'book':
      return book(deps, context, effect.hostIds, effect.slot);
    case 'move':
      return move(deps, context, effect.booking, effect.slot);
    case 'cancel':
      return cancel(deps, context, effect.booking);
  }
}

async function book(deps: CalendarEffectDeps, context: MeetingContext, hostIds: string[], slot: Interval): Promise<MeetingChange | null> {
  const digest = createHash('sha256').update(`${context.conversationToken}:${context.turnKey}`).digest('hex');
  const meeting: BookedMeeting = { uid: `${digest.slice(0, 32)}@${deps.config.service.domain}`, start: slot.start, end: slot.end, hostIds, sequence: 0 };
  const organizer = hostsById(deps.config, hostIds)[0]!;
  const event = meetingEvent(deps.config, context, meeting);
  await deps.calendars(organizer).createEvent(organizer, event);
  const verdict = deps.store.transaction(() =>
    deps.store.bookings.insertIfFree(
      {
        uid: meeting.uid,
        leadId: context.leadId,
        conversationId: context.conversationId,
        campaign: context.campaign.address,
        hostIds,
        attendeeEmail: context.attendee.email,
        slot,
      },
      deps.now(),
    ),
  );
  if (!verdict.ok) {
    deps.logger.info({ conversation: context.conversationId, hosts: hostIds }, 'slot taken by another booking; offering new times');
    await deps.calendars(organizer).cancelEvent(organizer, event);
    return null;
  }
  return { kind: 'booked', meeting, attendee: context.attendee, inviteByEmail: invitesByEmail(deps.config, hostIds) };
}

async function move(deps: CalendarEffectDeps, context: MeetingContext, booking: BookedMeeting, slot: Interval): Promise<MeetingChange | null> {
  const verdict = deps.store.transaction(() => deps.store.bookings.moveIfFree(booking.uid, slot, deps.now()));
  if (!verdict.ok) return null;
  const meeting: BookedMeeting = { ...booking, start: slot.start, end: slot.end, sequence: booking.sequence + 1 };
  const organizer = hostsById(deps.config, booking.hostIds)[0]!;
  await deps.calendars(organizer).updateEvent(organizer, meetingEvent(deps.config, context, meeting));
  return { kind: 'moved', meeting, attendee: context.attendee, inviteByEmail: invitesByEmail(deps.config, booking.hostIds) };
}

async function cancel(deps: CalendarEffectDeps, context: MeetingContext, booking: BookedMeeting): Promise<MeetingChange> {
  const meeting: BookedMeeting = { ...booking, sequence: booking.sequence + 1 };
  const organizer = hostsById(deps.config, booking.hostIds)[0]!;
  await deps.calendars(organizer).cancelEvent(organizer, meetingEvent(deps.config, context, meeting));
  deps.store.transaction(() => deps.store.bookings.cancel(booking.uid, deps.now()));
  return { kind: 'cancelled', meeting, attendee: context.attendee, inviteByEmail: invitesByEmail(deps.config, booking.hostIds) };
}
