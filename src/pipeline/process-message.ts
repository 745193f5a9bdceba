import { createHash } from 'node:crypto';
import type { Logger } from 'pino';
import type { CampaignConfig, Config, HostConfig } from '../config/types.js';
import type { Interval } from '../core/interval.js';
import type { CalendarRegistry } from '../calendar/registry.js';
import type { Understander, Understanding } from '../agent/understanding.js';
import { step, stepAfterSlotTaken, type StepResult } from '../core/conversation.js';
import { parseMail, type InboundMail } from '../mail/parse.js';
import { classifyMessage } from '../mail/classify.js';
import { visibleText } from '../mail/quoted-text.js';
import type { Store } from '../store/store.js';
import type { SpooledMessage } from '../store/spool.js';
import { hostAvailability, propose, type Proposal } from './availability.js';
import { calendarEvent, planMails, type ConfirmedBooking, type TurnContext } from './mails.js';
import { findOrStartConversation, type Thread } from './threading.js';

export interface PipelineDeps {
  config: Config;
  store: Store;
  calendars: CalendarRegistry;
  understander: Understander;
  now: () => number;
  logger: Logger;
}

export type Outcome =
  | { status: 'processed'; kind: string; conversationId: number | null; queued: number }
  | { status: 'failed'; reason: string };

/**
 * inbound -> parse -> classify -> thread -> understand -> decide -> act -> log, for one
 * spooled message. Safe to run again after a crash at any point: the lead, the conversation and
 * the booking are found again rather than made twice, and mail is only queued in the final
 * transaction that also marks the message processed.
 */
export async function processMessage(deps: PipelineDeps, message: SpooledMessage): Promise<Outcome> {
  const campaign = deps.config.campaigns.find((candidate) => candidate.address === message.campaign);
  if (!campaign) return fail(deps, message, `campaign ${message.campaign} is no longer configured`);
  let mail: InboundMail;
  try {
    mail = await parseMail(message.raw);
  } catch (error) {
    return fail(deps, message, (error as Error).message);
  }
  const classification = classifyMessage({
    headers: mail.headers,
    envelopeFrom: message.envelopeFrom,
    from: mail.from?.address ?? null,
    subject: mail.subject,
    contentType: mail.contentType,
    ownDomains: ownDomains(deps.config),
    text: mail.text,
  });
  if (classification.kind !== 'human') {
    return recordOnly(deps, message, mail, classification.kind, `not a person: ${classification.reason}`);
  }
  if (!mail.from) return recordOnly(deps, message, mail, 'no_sender', 'no usable From address');
  if (mail.messageId && deps.store.journal.isDuplicate(campaign.address, mail.messageId, message.id)) {
    return recordOnly(deps, message, mail, 'duplicate', 'the same Message-ID was already handled');
  }
  const thread = findOrStartConversation(deps, { message, mail, campaign });
  return converse(deps, { message, mail, campaign, thread });
}

async function converse(
  deps: PipelineDeps,
  turn: { message: SpooledMessage; mail: InboundMail; campaign: CampaignConfig; thread: Thread },
): Promise<Outcome> {
  const { message, mail, campaign, thread } = turn;
  const { conversation } = thread;
  const now = deps.now();
  const text = visibleText(mail.text);
  const understanding = await deps.understander.understand({
    text,
    now: message.receivedAt,
    timeZone: conversation.prospectZone,
    offered: conversation.state.offered,
  });
  if (understanding.timeZone) conversation.prospectZone = understanding.timeZone;

  const currentHost = conversation.state.hostId
    ? deps.config.hosts.find((host) => host.id === conversation.state.hostId) ?? null
    : null;
  const fresh = async (): Promise<{ proposal: Proposal; hostFree: Interval[] }> => {
    const hostNow = currentHost ? await hostAvailability(availabilityDeps(deps), currentHost, campaign, now) : null;
    const proposal = await propose(availabilityDeps(deps), {
      campaign,
      currentHost: hostNow,
      prospectZone: conversation.prospectZone,
      now,
    });
    return { proposal, hostFree: hostNow?.free ?? [] };
  };
  let { proposal, hostFree } = await fresh();
  let result = step({ state: conversation.state, understanding, proposal: proposal.offer, hostFree });

  let booking: ConfirmedBooking | null = null;
  const bookEffect = result.effects.find((effect) => effect.kind === 'book');
  if (bookEffect?.kind === 'book') {
    const host = deps.config.hosts.find((candidate) => candidate.id === bookEffect.hostId)!;
    const context = turnContext(deps, { ...turn, thread, now, text });
    booking = await book(deps, { context, thread, message, host, slot: bookEffect.slot });
    if (!booking) {
      ({ proposal, hostFree } = await fresh());
      result = stepAfterSlotTaken(conversation.state, proposal.offer);
    }
  }
  return commit(deps, { ...turn, text, understanding, proposal, result, booking, now });
}

/**
 * Calendar first, then the database: the event id is derived from the conversation and the
 * message, so a retry after a crash re-creates the same event and finds the same booking.
 * Returns null when the slot was taken in the meantime.
 */
async function book(
  deps: PipelineDeps,
  input: { context: TurnContext; thread: Thread; message: SpooledMessage; host: HostConfig; slot: Interval },
): Promise<ConfirmedBooking | null> {
  const { context, thread, host, slot } = input;
  const digest = createHash('sha256').update(`${thread.conversation.token}:${input.message.id}`).digest('hex');
  const booking: ConfirmedBooking = { uid: `${digest.slice(0, 32)}@${deps.config.service.domain}`, host, slot };
  const event = calendarEvent(context, booking);
  const calendar = deps.calendars(host);
  await calendar.createEvent(host, event);
  const verdict = deps.store.transaction(() =>
    deps.store.bookings.insertIfFree(
      {
        uid: booking.uid,
        leadId: thread.lead.id,
        conversationId: thread.conversation.id,
        campaign: context.campaign.address,
        hostId: host.id,
        attendeeEmail: thread.lead.email,
        slot,
      },
      deps.now(),
    ),
  );
  if (verdict.ok) return booking;
  deps.logger.info({ conversation: thread.conversation.id, host: host.id }, 'slot taken by another booking; offering new times');
  await calendar.cancelEvent(host, event);
  return null;
}

function turnContext(
  deps: PipelineDeps,
  turn: { message: SpooledMessage; mail: InboundMail; campaign: CampaignConfig; thread: Thread; now: number; text: string },
): TurnContext {
  const { conversation, lead } = turn.thread;
  return {
    config: deps.config,
    campaign: turn.campaign,
    conversation,
    prospect: { name: lead.name, address: lead.email },
    inbound: { messageId: turn.mail.messageId, references: turn.mail.references },
    thread: [
      ...deps.store.journal.thread(conversation.id),
      { direction: 'in', from: turn.mail.from?.address ?? lead.email, at: turn.message.receivedAt, text: turn.text },
    ],
    now: turn.now,
  };
}

/** One transaction: new state, booking facts, queued mail, decisions, and the message marked done. */
async function commit(
  deps: PipelineDeps,
  turn: {
    message: SpooledMessage;
    mail: InboundMail;
    campaign: CampaignConfig;
    thread: Thread;
    text: string;
    understanding: Understanding;
    proposal: Proposal;
    result: StepResult;
    booking: ConfirmedBooking | null;
    now: number;
  },
): Promise<Outcome> {
  const { store } = deps;
  const { message, thread, result, now } = turn;
  const conversation = { ...thread.conversation, state: result.state };
  const mails = await planMails(turnContext(deps, turn), result.effects, turn.booking);
  const base = { conversationId: conversation.id, messageId: message.id };
  store.transaction(() => {
    store.conversations.save(conversation, now);
    store.journal.decide(
      {
        ...base,
        kind: 'understanding',
        actor: turn.understanding.engine,
        summary: `understood as ${turn.understanding.intent}${turn.understanding.choice ? ` ${turn.understanding.choice}` : ''}`,
        detail: turn.understanding,
      },
      now,
    );
    // Routing ran only when the conversation had no host with time; record it when it was used.
    const routing = turn.proposal.routing;
    const routed = result.effects.some((effect) => effect.kind === 'offer' || effect.kind === 'hand_to_human');
    if (routing && routed) {
      store.journal.decide({ ...base, kind: 'routing', actor: 'code', summary: routing.reason, detail: routing }, now);
    }
    store.journal.decide(
      {
        ...base,
        kind: 'step',
        actor: 'code',
        summary: `${thread.conversation.state.status} -> ${result.state.status}: ${result.effects.map((effect) => effect.kind).join(', ') || 'no action'}`,
        detail: { from: thread.conversation.state, to: result.state, effects: result.effects },
      },
      now,
    );
    if (turn.booking) store.leads.markBooked(thread.lead.id, now);
    for (const mail of mails) {
      const outboundId = store.outbox.queue(mail, now);
      if (mail.offered) store.journal.recordOffer({ conversationId: conversation.id, outboundId, ...mail.offered }, now);
    }
    store.journal.markProcessed(
      {
        messageId: message.id,
        conversationId: conversation.id,
        headerMessageId: turn.mail.messageId,
        kind: 'human',
        fromAddress: turn.mail.from?.address ?? null,
        subject: turn.mail.subject,
        visibleText: turn.text,
        understanding: turn.understanding,
      },
      now,
    );
  });
  deps.logger.info(
    { message: message.id, conversation: conversation.id, lead: thread.lead.id, state: result.state.status, queued: mails.length },
    'message processed',
  );
  return { status: 'processed', kind: 'human', conversationId: conversation.id, queued: mails.length };
}

/** Robots, duplicates and the like are kept and explained, never answered. */
function recordOnly(deps: PipelineDeps, message: SpooledMessage, mail: InboundMail, kind: string, reason: string): Outcome {
  const now = deps.now();
  deps.store.transaction(() => {
    deps.store.journal.markProcessed(
      {
        messageId: message.id,
        conversationId: null,
        headerMessageId: mail.messageId,
        kind,
        fromAddress: mail.from?.address ?? null,
        subject: mail.subject,
        visibleText: null,
        understanding: null,
      },
      now,
    );
    deps.store.journal.decide(
      { conversationId: null, messageId: message.id, kind: 'classification', actor: 'code', summary: reason, detail: { kind } },
      now,
    );
  });
  deps.logger.info({ message: message.id, kind }, 'message recorded, not answered');
  return { status: 'processed', kind, conversationId: null, queued: 0 };
}

function fail(deps: PipelineDeps, message: SpooledMessage, reason: string): Outcome {
  deps.store.spool.markFailed(message.id, reason, deps.now());
  deps.logger.warn({ message: message.id, reason }, 'message kept as failed');
  return { status: 'failed', reason };
}

function availabilityDeps(deps: PipelineDeps) {
  return { config: deps.config, calendars: deps.calendars, bookings: deps.store.bookings, logger: deps.logger };
}

function ownDomains(config: Config): string[] {
  return [...new Set([config.service.domain, ...config.campaigns.map((campaign) => campaign.address.split('@')[1]!)])];
}
