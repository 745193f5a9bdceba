import type { Logger } from 'pino';
import type { CampaignConfig, Config } from '../config/types.js';
import { withPerson } from '../core/conversation.js';
import { nextInboundAttempt } from '../core/inbound-retries.js';
import { failureHandoffWording } from '../agent/briefs.js';
import { composeMail, type Address } from '../mail/compose.js';
import { parseMail, type InboundMail } from '../mail/parse.js';
import type { Metrics } from '../metrics/metrics.js';
import type { Store } from '../store/store.js';
import { ClaimLost, type SpooledMessage } from '../store/spool.js';
import { hostsById } from './hosts.js';
import { queueWebhook } from '../integrations/webhooks.js';
import { handoffCreated } from '../integrations/notices.js';
import type { Outcome } from './process-message.js';

export interface FailureDeps {
  config: Config;
  campaigns: ReadonlyMap<string, CampaignConfig>;
  store: Store;
  metrics: Metrics;
  now: () => number;
  logger: Logger;
}

/** Why one attempt at a message did not finish. */
export interface Failure {
  /** The metric's reason code: campaign_gone, unparseable, pipeline_error, conversation_conflict. */
  code: string;
  /** What the record keeps (a stack, for `campaign-agent failed`). */
  error: string;
  /** Trying again cannot help: the campaign is gone, the bytes are not a message. */
  permanent: boolean;
  /** The lead's conversation, when the message got as far as its thread. */
  conversationId: number | null;
}

/**
 * A failed attempt never ends a message's life: it is tried again later (core/inbound-retries),
 * and after the last attempt, or at once when retrying cannot help, it goes to a person (the
 * campaign's owner, else the service's postmaster) with the reason and the original attached,
 * in the same commit that closes it. The conversation, if it got that far, is then with a
 * person too, so the agent does not follow up on a lead someone else now answers.
 */
export async function settleFailure(deps: FailureDeps, message: SpooledMessage, failure: Failure): Promise<Outcome> {
  const now = deps.now();
  const reason = firstLine(failure.error);
  deps.metrics.messageFailed(failure.code);
  const retryAt = failure.permanent ? null : nextInboundAttempt(message.attempts, now);
  if (retryAt !== null) {
    if (!await deps.store.spool.retryLater(message.id, message.attempts, failure.error, retryAt)) throw new ClaimLost(message.id);
    deps.logger.warn({ message: message.id, attempts: message.attempts, retryAt: new Date(retryAt).toISOString(), reason }, 'message failed; trying again later');
    return { status: 'retrying', reason, retryAt };
  }
  return handToPerson(deps, message, { reason, error: failure.error, code: failure.code, conversationId: failure.conversationId });
}

/**
 * The message goes to the campaign's owner (the postmaster when the campaign is gone) with the
 * reason and the original attached, in the commit that closes it; for messages the pipeline
 * cannot do its job on, whether after failing or because nothing in them can be answered.
 */
export async function handToPerson(
  deps: FailureDeps,
  message: SpooledMessage,
  input: { reason: string; error: string; code: string; conversationId: number | null },
): Promise<Outcome> {
  const now = deps.now();
  const { reason } = input;
  const campaign = deps.campaigns.get(message.campaign) ?? null;
  const to = campaign ? hostsById(deps.config, [campaign.ownerId])[0]!.email : deps.config.service.postmaster;
  const mail = await handoffMail(deps, { message, campaign, to, reason, conversationId: input.conversationId, now });
  await deps.store.transaction(async () => {
    await deps.store.outbox.queue(mail, now);
    await deps.store.spool.markHandedOff(message.id, message.attempts, input.error, now);
    await deps.store.journal.decide(
      {
        conversationId: input.conversationId,
        messageId: message.id,
        kind: 'handoff',
        actor: 'code',
        summary: `could not be handled (${reason}) after ${message.attempts} attempt(s); handed to ${to}`,
        detail: { code: input.code, attempts: message.attempts, to },
      },
      now,
    );
    const conversation = input.conversationId === null ? null : await deps.store.conversations.byId(input.conversationId);
    if (conversation) {
      await deps.store.conversations.save({ ...conversation, state: withPerson(conversation.state) }, now);
      await deps.store.holds.release(conversation.id);
    }
    const lead = conversation ? await deps.store.leads.byId(conversation.leadId) : null;
    await queueWebhook(deps.store, deps.config, handoffCreated(lead, message.campaign, reason), now);
  });
  deps.metrics.handedOff(campaign?.address ?? 'none', 'failure');
  // At error: the pipeline could not do its job, and a person now has to.
  deps.logger.error({ message: message.id, attempts: message.attempts, to, reason }, 'message handed to a person');
  return { status: 'handed_off', reason };
}

async function handoffMail(
  deps: FailureDeps,
  input: { message: SpooledMessage; campaign: CampaignConfig | null; to: string; reason: string; conversationId: number | null; now: number },
) {
  const { message, campaign, to, now } = input;
  const domain = deps.config.service.domain;
  const original = await message.raw.bytes().then(
    (bytes) => ({ bytes, error: null }),
    (error: unknown) => ({ bytes: null, error: (error as Error).message }),
  );
  // Who wrote, for the person to answer: the parsed From when the bytes parse, else the envelope.
  const parsed: InboundMail | null = original.bytes ? await parseMail(original.bytes).catch(() => null) : null;
  const sender: Address | null = parsed?.from
    ? { name: parsed.from.name ?? null, address: parsed.from.address }
    : message.envelopeFrom ? { name: null, address: message.envelopeFrom } : null;
  const from: Address = campaign
    ? { name: campaign.senderName, address: campaign.address }
    : { name: 'campaign-agent', address: `postmaster@${domain}` };
  const subject = `Needs a person: a message from ${sender?.address ?? 'an unknown sender'} could not be handled (${campaign?.name ?? message.campaign})`;
  const text = failureHandoffWording({
    campaign: campaign ? { name: campaign.name, address: campaign.address } : null,
    messageId: message.id,
    from: sender ? (sender.name ? `${sender.name} <${sender.address}>` : sender.address) : null,
    subject: parsed?.subject ?? null,
    receivedAt: message.receivedAt,
    attempts: message.attempts,
    reason: input.reason,
    notAttached: original.error,
  }).text;
  const composed = await composeMail({
    domain,
    from,
    to: [{ name: null, address: to }],
    replyTo: sender ?? from,
    subject,
    text,
    attachedMessage: original.bytes,
    date: now,
  });
  return {
    campaign: message.campaign,
    conversationId: input.conversationId,
    kind: 'handoff' as const,
    messageId: composed.messageId,
    // A bounce of this mail comes back to us, never to the prospect.
    envelopeFrom: from.address,
    envelopeTo: [to],
    subject,
    text,
    raw: composed.raw,
  };
}

function firstLine(error: string): string {
  return error.split('\n')[0]!.replace(/^Error: /, '');
}
