import type { Logger } from 'pino';
import type { CampaignConfig, Config } from '../config/types.js';
import type { CalendarRegistry } from '../calendar/registry.js';
import type { Understander } from '../agent/understanding.js';
import type { Conversation } from '../store/conversations.js';
import { answerFromFaq } from '../core/faq.js';
import { usableZone } from '../core/offset-zone.js';
import { parseMail, type InboundMail } from '../mail/parse.js';
import type { Classification } from '../mail/classify.js';
import type { ForwardDetection } from '../mail/forwarded.js';
import { readMessage, type MessageReading } from '../mail/read-message.js';
import type { Metrics } from '../metrics/metrics.js';
import type { Store } from '../store/store.js';
import { ClaimLost, type SpooledMessage } from '../store/spool.js';
import { findOrStartConversation, findConversation, type MessageToStart, type Thread } from './threading.js';
import { queueForwardCopy } from './forward-copy.js';
import { runTurn } from './turn.js';
import type { ConversationTurns } from './conversation-turns.js';
import type { Phraser } from './turn-types.js';
import { isTrusted, type AuthenticationVerdict, type Authenticator } from './trust.js';
import { ConversationConflict } from '../store/conversations.js';
import { handToPerson, settleFailure, type Failure } from './failure.js';
import { forwardToPostmaster } from './postmaster.js';
import { isRoleMailbox } from '../mail/addressing.js';

const MAX_CONFLICT_RETRIES = 6;

export interface PipelineDeps {
  config: Config;
  /** The configured campaigns by address (addresses are unique), built once with the pipeline. */
  campaigns: ReadonlyMap<string, CampaignConfig>;
  /** The service's own mail domains (read-message's ownDomains of the config), computed once. */
  ownDomains: string[];
  store: Store;
  calendars: CalendarRegistry;
  /** The engine for one conversation (the LLM's token budget is per conversation). */
  understanderFor(campaign: CampaignConfig, conversation: Conversation): Understander;
  authenticate: Authenticator;
  /** Rewords replies with the LLM when the service enables it; null keeps the templates' words. */
  phrase: Phraser | null;
  /** One turn at a time per conversation; messages that arrive meanwhile are answered together. */
  turns: ConversationTurns;
  metrics: Metrics;
  now: () => number;
  logger: Logger;
}

/**
 * How one attempt at a message ended: done (answered, handed over or recorded), tried again
 * later, or handed to a person after its last attempt (pipeline/failure.ts).
 */
export type Outcome =
  | { status: 'processed'; kind: string; conversationId: number | null; queued: number }
  | { status: 'retrying'; reason: string; retryAt: number }
  | { status: 'handed_off'; reason: string };

/**
 * inbound -> parse -> authenticate -> classify -> thread -> understand -> decide -> act -> log,
 * for one spooled message. Safe to run again after a crash at any point: the lead, the
 * conversation and the booking are found again rather than made twice, and the answers and
 * briefs are only queued in the final transaction that also marks the message processed. The
 * exception is the forward copy to the campaign's CRM (forward-copy.ts): it is queued on its
 * own as soon as the message's lead is known, and at most once per message whatever the retries.
 */
export async function processMessage(deps: PipelineDeps, message: SpooledMessage): Promise<Outcome> {
  const started = deps.now();
  const campaign = deps.campaigns.get(message.campaign);
  if (!campaign && isRoleMailbox(message.campaign)) return forwardToPostmaster(deps, message);
  if (!campaign) return settleFailure(deps, message, permanent('campaign_gone', `campaign ${message.campaign} is no longer configured`));
  let mail: InboundMail;
  try {
    mail = await parseMail(message.raw);
  } catch (error) {
    return settleFailure(deps, message, permanent('unparseable', (error as Error).message));
  }
  const authentication = await deps.authenticate({ message, mail });
  const facts = { message, mail, authentication };
  const reading = readMessage(mail, { envelopeFrom: message.envelopeFrom, ownDomains: deps.ownDomains });
  const { classification } = reading;
  if (classification.kind !== 'human') {
    const found = await noteReturnDate(deps, { message, mail, campaign, classification, forward: reading.forward });
    await queueForwardCopy(deps.store, { campaign, message, leadId: found?.lead.id ?? null, kind: classification.kind, now: deps.now() });
    return await recordOnly(deps, facts, classification.kind, `not a person: ${classification.reason}`);
  }
  if (!mail.from) {
    // Nobody to reach at all: kept and explained. A return path may be a lead whose client broke the From.
    if (!message.envelopeFrom) return await recordOnly(deps, facts, 'no_sender', 'no usable From address and no return path');
    const reason = `it has no usable From address (the return path is ${message.envelopeFrom}), so the agent cannot tell whom to answer`;
    return handToPerson(deps, message, { reason, error: reason, code: 'no_sender', conversationId: null });
  }
  const toThread: MessageToStart = { message, mail, campaign, forward: reading.forward };
  const claimed = await claimThread(deps, toThread);
  if (claimed === 'duplicate') return await recordOnly(deps, facts, 'duplicate', 'the same Message-ID was already handled');
  if (claimed === 'suppressed') return await recordOnly(deps, facts, 'suppressed', 'the sender unsubscribed from this campaign');
  await queueForwardCopy(deps.store, { campaign, message, leadId: claimed.lead.id, kind: 'human', now: deps.now() });
  const arrival: Arrival = { message, mail, reading, authentication, toThread, thread: claimed };
  const conversationId = claimed.conversation.id;
  try {
    const turn = await deps.turns.run(conversationId, arrival, (arrivals) => answerTogether(deps, campaign, arrivals, started));
    if (!turn.folded) return turn.result;
  } catch (error) {
    // Another worker has the message now: it answers, this one must not even record a failure.
    if (error instanceof ClaimLost) throw error;
    return settleFailure(deps, message, transient(error, conversationId));
  }
  return { status: 'processed', kind: 'human', conversationId, queued: 0 };
}

/** A failure a later attempt may not meet (a calendar down, a collision, a bug since fixed). */
export function transient(error: unknown, conversationId: number | null): Failure {
  return {
    code: error instanceof ConversationConflict ? 'conversation_conflict' : 'pipeline_error',
    error: (error as Error).stack ?? String(error),
    permanent: false,
    conversationId,
  };
}

function permanent(code: string, error: string): Failure {
  return { code, error, permanent: true, conversationId: null };
}

/** A human message of a known thread, waiting for its turn. */
interface Arrival {
  message: SpooledMessage;
  mail: InboundMail;
  reading: MessageReading;
  authentication: AuthenticationVerdict;
  toThread: MessageToStart;
  thread: Thread;
}

/**
 * One turn for the messages of a thread that queued up together (usually one): the latest
 * answers, read with the words of those before it. The conversation is read again when it may
 * have moved on (a turn ran while these waited, or another worker saved it meanwhile).
 */
async function answerTogether(deps: PipelineDeps, campaign: CampaignConfig, arrivals: Arrival[], started: number): Promise<Outcome> {
  const latest = arrivals[arrivals.length - 1]!;
  const earlier = arrivals.slice(0, -1);
  let thread = arrivals.length === 1 ? latest.thread : await rereadThread(deps, latest);
  for (let attempt = 1; ; attempt++) {
    try {
      return await converse(deps, { ...latest, earlier, campaign, thread, started });
    } catch (error) {
      // Another turn (a follow-up tick, a second worker) saved the conversation meanwhile: decide again.
      if (!(error instanceof ConversationConflict) || attempt >= MAX_CONFLICT_RETRIES) throw error;
      deps.logger.info({ message: latest.message.id, attempt }, 'conversation changed meanwhile; deciding again');
      await pause(attempt);
      thread = await rereadThread(deps, latest);
    }
  }
}

async function rereadThread(deps: PipelineDeps, arrival: Arrival): Promise<Thread> {
  return await deps.store.transaction(() => findOrStartConversation(deps, arrival.toThread));
}

/** Workers that collided try again a little apart, so they do not collide again in step. */
function pause(attempt: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * 2 ** attempt));
}

/**
 * What a message takes before it is read, in one commit: its Message-ID, claimed (two copies of
 * one message are answered once), and its lead and conversation, found or started. One commit
 * rather than one each, because the pipeline thread waits out every commit's fsync, and so does
 * every other message in it. Says instead why the message is not to be answered, if so.
 */
async function claimThread(deps: PipelineDeps, input: MessageToStart): Promise<Thread | 'duplicate' | 'suppressed'> {
  const { message, mail, campaign } = input;
  const { messageId } = mail;
  return await deps.store.transaction(async () => {
    if (messageId && !await deps.store.journal.claimMessageId(campaign.address, messageId, message.id)) return 'duplicate';
    if (await deps.store.suppressions.has(campaign.address, mail.from!.address)) return 'suppressed';
    return await findOrStartConversation(deps, input);
  });
}

async function converse(
  deps: PipelineDeps,
  input: {
    message: SpooledMessage;
    mail: InboundMail;
    reading: MessageReading;
    campaign: CampaignConfig;
    authentication: AuthenticationVerdict;
    earlier: readonly Arrival[];
    thread: Thread;
    started: number;
  },
): Promise<Outcome> {
  const { message, mail, reading, campaign, authentication, earlier, started } = input;
  const sender = mail.from!;
  const { lead, conversation } = input.thread;
  const text = reading.visibleText;
  const understanding = await deps.understanderFor(campaign, conversation).understand({
    // Read in the order written, so the latest word (a pick after a question) counts last.
    text: [...earlier.map((arrival) => arrival.reading.visibleText), text].join('\n\n'),
    now: message.receivedAt,
    timeZone: conversation.prospectZone,
    offered: conversation.state.offered,
    booked: conversation.state.booking,
  });
  // A zone the reader (or a model) named as a bare offset becomes one the slot code can use.
  const namedZone = understanding.timeZone === null ? null : usableZone(understanding.timeZone, message.receivedAt);
  if (namedZone !== null) conversation.prospectZone = namedZone;
  if (understanding.language) conversation.language = understanding.language;
  const outcome = await runTurn(deps, {
    campaign,
    lead,
    conversation,
    event: {
      kind: 'message',
      understanding,
      faqAnswer: answerFromFaq(understanding.question, campaign.faq),
      trusted: [...earlier.map((arrival) => arrival.authentication), authentication].every(isTrusted),
      untrustedToPerson: campaign.onAuthenticationFailure === 'hand_to_human',
    },
    inbound: {
      id: message.id,
      attempt: message.attempts,
      mail,
      text,
      receivedAt: message.receivedAt,
      understanding,
      authentication,
      alongside: earlier.map((arrival) => ({ id: arrival.message.id, attempt: arrival.message.attempts, mail: arrival.mail, text: arrival.reading.visibleText, authentication: arrival.authentication })),
    },
    recipient: { name: sender.name, email: sender.address },
    turnKey: `message:${message.id}`,
  });
  deps.metrics.pipelineLatency((deps.now() - started) / 1000);
  if (outcome.queued > 0) deps.metrics.messageAnswered(campaign.address);
  return { status: 'processed', kind: 'human', conversationId: conversation.id, queued: outcome.queued };
}

/**
 * An out-of-office with a return date moves the conversation's follow-up to that day. Returns
 * the thread a robot's message belongs to, if any; it is only looked up when a return date or
 * a forward copy (which names the lead) needs it, and null otherwise.
 */
async function noteReturnDate(
  deps: PipelineDeps,
  input: { message: SpooledMessage; mail: InboundMail; campaign: CampaignConfig; classification: Classification; forward: ForwardDetection },
): Promise<Thread | null> {
  const { classification } = input;
  const returnDate = classification.kind === 'auto_reply' ? classification.returnDate : null;
  if (!returnDate && !input.campaign.forwardTo) return null;
  const found = await findConversation(deps.store, {
    campaign: input.campaign.address,
    recipients: input.message.envelopeTo,
    mail: input.mail,
    forward: input.forward,
  });
  if (!found || !returnDate) return found;
  const returnsAt = Date.parse(`${returnDate}T00:00:00Z`);
  const { state } = found.conversation;
  await deps.store.transaction(async () => {
    await deps.store.leads.setReturnDate(found.lead.id, returnsAt);
    if (state.status === 'offered' && state.followUp.dueAt !== null) {
      // The morning after they are back, in their zone roughly: 09:00 UTC of the return day + 1.
      const dueAt = Math.max(state.followUp.dueAt, returnsAt + 33 * 3_600_000);
      await deps.store.conversations.save({ ...found.conversation, state: { ...state, followUp: { ...state.followUp, dueAt } } }, deps.now());
    }
  });
  return found;
}

/** Robots, duplicates and the like are kept and explained, never answered. */
async function recordOnly(
  deps: PipelineDeps,
  facts: { message: SpooledMessage; mail: InboundMail; authentication: AuthenticationVerdict },
  kind: string,
  reason: string,
): Promise<Outcome> {
  const { message, mail } = facts;
  const now = deps.now();
  await deps.store.transaction(async () => {
    await deps.store.journal.markProcessed(
      {
        messageId: message.id,
        attempt: message.attempts,
        conversationId: null,
        headerMessageId: mail.messageId,
        kind,
        fromAddress: mail.from?.address ?? null,
        subject: mail.subject,
        visibleText: null,
        understanding: null,
        authentication: facts.authentication,
      },
      now,
    );
    await deps.store.journal.decide(
      { conversationId: null, messageId: message.id, kind: 'classification', actor: 'code', summary: reason, detail: { kind } },
      now,
    );
  });
  deps.logger.info({ message: message.id, kind }, 'message recorded, not answered');
  return { status: 'processed', kind, conversationId: null, queued: 0 };
}
