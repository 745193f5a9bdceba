import type { NamedPerson, Understanding } from '../core/understanding.js';
import { step, stepAfterSlotTaken, type Effect, type StepResult } from '../core/conversation.js';
import { usableZone } from '../core/offset-zone.js';
import { FREE_MAIL_DOMAINS } from '../config/free-mail-domains.js';
import { claimOffer, freshAvailability, type Availability } from './availability.js';
import { applyCalendarEffect, bookingUidFor, type MeetingChange } from './calendar-effects.js';
import { meetingPeople } from './attendees.js';
import { planMails } from './mails.js';
import { commitTurn } from './commit.js';
import type { Turn, TurnDeps } from './turn-types.js';

export interface TurnOutcome {
  result: StepResult;
  queued: number;
}

type CalendarEffect = Extract<Effect, { kind: 'book' | 'move' | 'cancel' }>;

const DAY = 24 * 60 * 60 * 1000;
const CLAIM_ATTEMPTS = 2;
const TO_PROSPECT = new Set<Effect['kind']>(['offer', 'book', 'move', 'cancel', 'reply']);

/** Decide and act on one event of one conversation: availability, step, calendars, mails, commit. */
export async function runTurn(deps: TurnDeps, turn: Turn): Promise<TurnOutcome> {
  const now = deps.now();
  const { campaign, conversation, lead } = turn;
  keepZoneUsable(deps, turn, now);
  const event = turn.event.kind === 'message' ? { ...turn.event, understanding: await withThreadPeople(deps, turn, turn.event.understanding) } : turn.event;
  // A retried turn must not find its own booking (or the meeting it moves) in the way.
  const ownUids = [bookingUidFor(deps.config, conversation.token, turn.turnKey), ...(conversation.state.booking ? [conversation.state.booking.uid] : [])];
  const read = () =>
    freshAvailability(deps, {
      campaign,
      state: conversation.state,
      prospectZone: conversation.prospectZone,
      prospectDomain: lead.email.split('@')[1] ?? null,
      ownUids,
      conversationId: conversation.id,
      now,
    });
  const followUpAfterMs = campaign.followUpAfterHours === null ? null : campaign.followUpAfterHours * 3_600_000;
  const inputOf = (read: Availability) => ({
    state: conversation.state,
    now,
    proposal: read.proposal,
    hostFree: read.hostFree,
    followUpAfterMs,
    prospectZone: conversation.prospectZone,
  });
  const claimed = async (read: Availability, decided: StepResult) => {
    const offer = decided.effects.find((effect) => effect.kind === 'offer');
    return !offer || await claimOffer(deps, { campaign, conversationId: conversation.id, now }, read, offer);
  };
  let availability = await read();
  let input = inputOf(availability);
  let result = await capAgentMail(deps, turn, step({ ...input, event }), now);
  // Times held by a turn that decided meanwhile: read again, so two leads are not offered the
  // same time while the team has others (twice at most; then the times are offered anyway).
  for (let attempt = 0; attempt < CLAIM_ATTEMPTS && !await claimed(availability, result); attempt++) {
    deps.metrics.holdConflict('claimed_meanwhile');
    availability = await read();
    input = inputOf(availability);
    result = await capAgentMail(deps, turn, step({ ...input, event }), now);
  }

  let change: MeetingChange | null = null;
  const calendarEffect = result.effects.find((effect): effect is CalendarEffect => ['book', 'move', 'cancel'].includes(effect.kind));
  if (calendarEffect) {
    const people = meetingPeople(turn, calendarEffect);
    const outcome = await applyCalendarEffect(
      deps,
      {
        campaign,
        leadId: lead.id,
        conversationId: conversation.id,
        conversationToken: conversation.token,
        attendees: people.attendees,
        turnKey: turn.turnKey,
      },
      calendarEffect,
    );
    if (outcome.kind === 'changed') {
      change = outcome.change;
      if (change.kind === 'booked') result = { ...result, state: { ...result.state, guests: people.guests } };
      if (change.kind === 'booked') deps.metrics.bookingMade(campaign.address, change.meeting.hostIds[0]!);
    } else if (outcome.kind === 'slot_taken') {
      deps.metrics.holdConflict('slot_taken');
      availability = await read();
      result = stepAfterSlotTaken(inputOf(availability));
      await claimed(availability, result);
    } else {
      result = {
        state: { ...conversation.state, status: conversation.state.booking ? conversation.state.status : 'handed_off' },
        effects: [{ kind: 'hand_to_human', reason: `the calendar could not be updated: ${outcome.reason}`, tellProspect: true }],
      };
    }
  }
  if (availability.holdsGaveWay > 0 && result.effects.some((effect) => effect.kind === 'offer')) deps.metrics.holdConflict('gave_way');
  const mails = await planMails({ config: deps.config, store: deps.store, phrase: deps.phrase, turn, attendee: result.state.attendee, now }, result.effects, change);
  await commitTurn(deps, { turn, result, change, mails, routing: availability.routing, now });
  for (const effect of result.effects) {
    if (effect.kind !== 'hand_to_human') continue;
    deps.metrics.handedOff(campaign.address, 'conversation');
    // At error, as every message that needs a person: an alert on error lines misses none.
    deps.logger.error({ conversation: conversation.id, lead: lead.id, campaign: campaign.address, reason: effect.reason }, 'lead handed to a person');
  }
  return { result, queued: mails.length };
}

/**
 * A conversation recorded before fixed offsets were read as zones (or with a zone the zone
 * database no longer knows) is moved onto one the slot code can use, the campaign's at worst.
 */
function keepZoneUsable(deps: TurnDeps, turn: Turn, now: number): void {
  const { conversation } = turn;
  const zone = usableZone(conversation.prospectZone, now);
  if (zone === conversation.prospectZone) return;
  const using = zone ?? turn.campaign.timeZone;
  deps.logger.warn(
    { conversation: conversation.id, zone: conversation.prospectZone, using },
    zone === null ? "prospect's zone unknown; using the campaign's" : "prospect's fixed offset read as a zone",
  );
  conversation.prospectZone = using;
}

async function withThreadPeople(deps: TurnDeps, turn: Turn, understanding: Understanding): Promise<Understanding> {
  if (understanding.people.length === 0) return understanding;
  const leadDomain = turn.lead.email.split('@')[1]?.toLowerCase() ?? '';
  const inThread = new Set([
    ...(turn.inbound ? [...turn.inbound.mail.to, ...turn.inbound.mail.cc].map((mailbox) => mailbox.address) : []),
    turn.recipient.email,
  ]);
  const allowed = async (person: NamedPerson) => {
    const email = person.email?.toLowerCase();
    if (!email) return false;
    const domain = email.split('@')[1] ?? '';
    const colleague = domain === leadDomain && !FREE_MAIL_DOMAINS.has(domain);
    return colleague || inThread.has(email) || await deps.store.leads.isContact(turn.lead.id, email);
  };
  const kept = await Promise.all(understanding.people.map(allowed));
  const people = understanding.people.filter((_, index) => kept[index]).map((person) => ({ ...person, email: person.email!.toLowerCase() }));
  if (people.length < understanding.people.length) {
    deps.logger.warn({ conversation: turn.conversation.id, named: understanding.people.length, kept: people.length }, 'people outside the thread were not added');
  }
  return { ...understanding, people };
}

/**
 * A hard cap on agent mail per conversation and per address per day, whatever the input: past
 * it, the agent goes quiet and a person gets the thread.
 */
async function capAgentMail(deps: TurnDeps, turn: Turn, result: StepResult, now: number): Promise<StepResult> {
  if (!result.effects.some((effect) => TO_PROSPECT.has(effect.kind))) return result;
  const counts = await deps.store.journal.agentMailCounts({
    conversationId: turn.conversation.id,
    campaign: turn.campaign.address,
    email: turn.recipient.email,
    since: now - DAY,
  });
  const { messagesPerConversation, messagesPerSenderPerDay } = turn.campaign.limits;
  if (counts.conversation < messagesPerConversation && counts.senderToday < messagesPerSenderPerDay) return result;
  deps.logger.warn({ conversation: turn.conversation.id, counts }, 'agent mail cap reached; handing to a person');
  return {
    state: { ...turn.conversation.state, status: 'handed_off', followUp: { dueAt: null, sent: false } },
    effects: [{ kind: 'hand_to_human', reason: 'the agent reached its message cap for this conversation', tellProspect: false }],
  };
}
