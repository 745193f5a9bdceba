import type { Config } from '../config/types.js';
import type { CalendarRegistry } from '../calendar/registry.js';
import type { PersonMeeting } from '../store/personal-data.js';
import { meetingEvent } from './calendar-effects.js';
import { hostsById } from './hosts.js';

export interface CalendarForgetting {
  /** Events the person was taken off. */
  updated: number;
  /** Events that could not be changed, and why; nothing else was touched for them. */
  failed: Array<{ uid: string; reason: string }>;
}

const FORGOTTEN = { name: 'a forgotten attendee', email: 'forgotten@forgotten.invalid' };

/**
 * The events the service wrote into calendars (Google) name the person in their title and list
 * them as an attendee: each is patched, without mail to anyone, to name nobody and keep only the
 * reps. Meetings on local calendars live only in the invitations that were mailed.
 */
export async function forgetOnCalendars(deps: { config: Config; calendars: CalendarRegistry }, meetings: readonly PersonMeeting[]): Promise<CalendarForgetting> {
  const result: CalendarForgetting = { updated: 0, failed: [] };
  for (const meeting of meetings) {
    const hosts = hostsById(deps.config, meeting.hostIds);
    const organizer = hosts[0];
    const campaign = deps.config.campaigns.find((candidate) => candidate.address === meeting.campaign);
    if (!organizer || organizer.calendar.provider !== 'google' || !campaign) continue;
    const written = meetingEvent(deps.config, { campaign, attendees: [FORGOTTEN] }, meeting);
    const event = { ...written, attendees: written.attendees.filter((attendee) => hosts.some((host) => host.email === attendee.email)), quiet: true };
    try {
      await deps.calendars(organizer).updateEvent(organizer, event);
      result.updated++;
    } catch (error) {
      result.failed.push({ uid: meeting.uid, reason: (error as Error).message });
    }
  }
  return result;
}
