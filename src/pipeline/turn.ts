import type { Logger } from 'pino';
import type { CampaignConfig, Config } from '../config/types.js';
import type { CalendarRegistry } from '../calendar/registry.js';
import type { Understanding } from '../agent/understanding.js';
import { step, stepAfterSlotTaken, type Effect, type Person, type StepResult, type TurnEvent } from '../core/conversation.js';
import type { InboundMail } from '../mail/parse.js';
import type { Conversation } from '../store/conversations.js';
import type { Lead } from '../store/leads.js';
import type { Store } from '../store/store.js';
import type { Metrics } from '../metrics.js';
import { freshAvailability } from './availability.js';
import { applyCalendarEffect, type MeetingChange } from './calendar-effects.js';
import { planMails } from './mails.js';
import { commitTurn } from './commit.js';

export interface TurnDeps {
  config: Config;
  store: Store;
  calendars: CalendarRegistry;
  metrics: Metrics;
  now: () => number;
  logger: Logger;
}

/** The inbound message behind a turn; a follow-up turn has none. */
export interface InboundFacts {
  id: number;
  mail: InboundMail;
  text: string;
  receivedAt: number;
  understanding: Understanding;
}

export interface Turn {
  campaign: CampaignConfig;
  lead: Lead;
  conversation: Conversation;
  event: TurnEvent;
  inbound: InboundFacts | null;
  /** Who the agent answers: the sender of the message, or the person a follow-up goes to. */
  recipient: Person;
  /** Makes ids derived in this turn stable across a retry. */
  turnKey: string;
}

export interface TurnOutcome {
  result: StepResult;
  queued: number;
}

const DAY = 24 * 60 * 60 * 1000;
const TO_PROSPECT = new Set<Effect['kind']>(['offer', 'book', 'move', 'cancel', 'reply']);

/** Decide and act on one event of one conversation: availability, step, calendars, mails, commit. */
export async function runTurn(deps: TurnDeps, turn: Turn): Promise<TurnOutcome> {
  const now = deps.now();
  const { campaign, conversation, lead } = turn;
  const prospectDomain = lead.email.split('@')[1] ?? null;
  const read = () =>
    freshAvailability(deps, { campaign, state: conversation.state, prospectZone: conversation.prospectZone, prospectDomain, now });
  let availability = await read();
  const followUpAfterMs = campaign.followUpAfterHours === null ? null : campaign.followUpAfterHours * 3_600_000;
  const input = { state: conversation.state, now, proposal: availability.proposal, hostFree: availability.hostFree, followUpAfterMs };
  let result = capAgentMail(deps, turn, step({ ...input, event: turn.event }), now);

  let change: MeetingChange | null = null;
  const calendarEffect = result.effects.find(
    (effect): effect is Extract<Effect, { kind: 'book' | 'move' | 'cancel' }> =>
      effect.kind === 'book' || effect.kind === 'move' || effect.kind === 'cancel',
  );
  if (calendarEffect) {
    const attendee = calendarEffect.kind === 'book' ? (calendarEffect.attendee ?? prospectOf(turn)) : (conversation.state.attendee ?? prospectOf(turn));
    change = await applyCalendarEffect(deps, {
      campaign,
      leadId: lead.id,
      conversationId: conversation.id,
      conversationToken: conversation.token,
      attendee,
      turnKey: turn.turnKey,
    }, calendarEffect);
    if (!change) {
      availability = await read();
      result = stepAfterSlotTaken({ ...input, proposal: availability.proposal, hostFree: availability.hostFree });
    } else if (change.kind !== 'cancelled') {
      deps.metrics.bookingMade(campaign.address, change.meeting.hostIds[0]!);
    }
  }
  const mails = await planMails({ config: deps.config, store: deps.store, turn, now }, result.effects, change);
  commitTurn(deps, { turn, result, change, mails, routing: availability.routing, now });
  return { result, queued: mails.length };
}

/** The person the conversation is with by default: the lead. */
export function prospectOf(turn: Pick<Turn, 'lead'>): Person {
  return { name: turn.lead.name, email: turn.lead.email };
}

/**
 * A hard cap on agent mail per conversation and per address per day, whatever the input: past
 * it, the agent goes quiet and a person gets the thread.
 */
function capAgentMail(deps: TurnDeps, turn: Turn, result: StepResult, now: number): StepResult {
  if (!result.effects.some((effect) => TO_PROSPECT.has(effect.kind))) return result;
  const counts = deps.store.journal.agentMailCounts({
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
