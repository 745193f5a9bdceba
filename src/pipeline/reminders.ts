import type { CampaignConfig } from '../config/types.js';
import type { Person } from '../core/conversation.js';
import type { UpcomingMeeting } from '../store/reminders.js';
import { reminderMail } from './mails.js';
import type { TurnDeps } from './turn-types.js';

const MINUTE = 60_000;

/**
 * Reminders of booked meetings (`meeting.reminders`), on the slow tick. For each meeting the
 * latest lead time that has come is sent; earlier ones not yet sent are passed over, so a service
 * that was down never sends two at once. A meeting booked (or moved) inside a lead time gets no
 * reminder for it: the prospect just chose it. Returns how many reminders were queued.
 */
export async function sendDueReminders(deps: TurnDeps & { campaigns: ReadonlyMap<string, CampaignConfig> }): Promise<number> {
  const now = deps.now();
  const longest = Math.max(0, ...[...deps.campaigns.values()].flatMap((campaign) => campaign.meeting.remindersBeforeMinutes));
  if (longest === 0) return 0;
  let queued = 0;
  for (const meeting of await deps.store.reminders.upcoming(now, now + longest * MINUTE)) {
    const campaign = deps.campaigns.get(meeting.campaign);
    if (!campaign) continue;
    const come = campaign.meeting.remindersBeforeMinutes.filter((before) => meeting.start - before * MINUTE <= now && !meeting.handled.includes(before));
    if (come.length === 0) continue;
    const latest = Math.min(...come);
    for (const before of come.filter((other) => other !== latest)) await record(deps, meeting, before, 'skipped', now);
    const bookedInside = meeting.setAt > meeting.start - latest * MINUTE;
    if (bookedInside || !(await remind(deps, campaign, meeting, latest, now))) await record(deps, meeting, latest, 'skipped', now);
    else queued++;
  }
  return queued;
}

async function record(deps: TurnDeps, meeting: UpcomingMeeting, beforeMinutes: number, outcome: 'sent' | 'skipped', now: number): Promise<boolean> {
  return await deps.store.reminders.record({ bookingId: meeting.bookingId, start: meeting.start, beforeMinutes, outcome }, now);
}

/** False when there is nobody to remind: the thread moved on, or the prospect unsubscribed. */
async function remind(deps: TurnDeps, campaign: CampaignConfig, meeting: UpcomingMeeting, beforeMinutes: number, now: number): Promise<boolean> {
  const conversation = await deps.store.conversations.byId(meeting.conversationId);
  if (!conversation || conversation.state.booking?.uid !== meeting.uid) return false;
  const lead = await deps.store.leads.byId(meeting.leadId);
  const main: Person = conversation.state.attendee ?? { name: lead.name, email: lead.email };
  if (await deps.store.suppressions.has(campaign.address, main.email)) return false;
  const turn = {
    campaign,
    lead,
    conversation,
    event: { kind: 'silence' as const },
    inbound: null,
    recipient: main,
    turnKey: `reminder:${meeting.bookingId}:${meeting.start}:${beforeMinutes}`,
  };
  const attendees = [main, ...conversation.state.guests];
  const mail = await reminderMail({ config: deps.config, store: deps.store, phrase: deps.phrase, turn, attendee: conversation.state.attendee, now }, meeting, attendees);
  return await deps.store.transaction(async () => {
    // Recorded first: a second worker that got here too queues nothing.
    if (!await record(deps, meeting, beforeMinutes, 'sent', now)) return true;
    await deps.store.outbox.queue(mail, now);
    return true;
  });
}
