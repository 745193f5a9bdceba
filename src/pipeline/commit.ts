import type { ConversationState, StepResult } from '../core/conversation.js';
import type { TurnDeps, Turn } from './turn-types.js';
import type { MeetingChange } from './calendar-effects.js';
import type { PlannedMail } from './mails.js';
import type { RoutingDecision } from './availability.js';
import { queueWebhook } from '../integrations/webhooks.js';
import { handoffCreated, meetingChanged } from '../integrations/notices.js';

/** States in which the times last offered are still the lead's to pick. */
const OPEN_OFFER: ReadonlySet<ConversationState['status']> = new Set(['offered', 'rescheduling']);

/**
 * One transaction: the new state, the meeting facts, the queued mail, the decisions and the
 * inbound message marked done. A turn's mail is only ever queued here, so a crash before this
 * point sends none of it and the retry decides again. (A forward copy to the campaign's CRM is
 * the exception: queueForwardCopy queues it earlier, once per inbound message.)
 */
export async function commitTurn(
  deps: TurnDeps,
  input: { turn: Turn; result: StepResult; change: MeetingChange | null; mails: PlannedMail[]; routing: RoutingDecision | null; now: number },
): Promise<void> {
  const { store } = deps;
  const { turn, result, change, mails, now } = input;
  const { conversation, lead, inbound } = turn;
  const state = {
    ...result.state,
    booking: change ? (change.kind === 'cancelled' ? null : change.meeting) : result.state.booking,
  };
  const base = { conversationId: conversation.id, messageId: inbound?.id ?? null };
  await store.transaction(async () => {
    await store.conversations.save({ ...conversation, state }, now);
    if (inbound) {
      const { understanding } = inbound;
      await store.journal.decide(
        {
          ...base,
          kind: 'understanding',
          actor: understanding.engine,
          summary: `understood as ${understanding.intent}${understanding.choice ? ` ${understanding.choice}` : ''}`,
          detail: understanding,
        },
        now,
      );
    }
    const routed = result.effects.some((effect) => effect.kind === 'offer' || effect.kind === 'hand_to_human');
    if (input.routing && routed) {
      await store.journal.decide({ ...base, kind: 'routing', actor: 'code', summary: input.routing.summary, detail: input.routing.detail }, now);
    }
    await store.journal.decide(
      {
        ...base,
        kind: 'step',
        actor: 'code',
        summary: `${conversation.state.status} -> ${state.status}: ${result.effects.map((effect) => effect.kind).join(', ') || 'no action'}`,
        detail: { event: turn.event.kind, from: conversation.state, to: state, effects: result.effects },
      },
      now,
    );
    if (change) {
      await store.journal.decide(
        { ...base, kind: 'booking', actor: 'code', summary: `meeting ${change.kind}: ${change.meeting.uid}`, detail: change },
        now,
      );
      if (change.kind === 'booked') await store.leads.markBooked(lead.id, now);
      await queueWebhook(store, deps.config, meetingChanged(deps.config, lead, change), now);
    }
    for (const effect of result.effects) {
      if (effect.kind === 'hand_to_human') await queueWebhook(store, deps.config, handoffCreated(lead, turn.campaign.address, effect.reason), now);
    }
    if (result.effects.some((effect) => effect.kind === 'suppress')) {
      await store.suppressions.add(turn.campaign.address, turn.recipient.email, 'unsubscribed', now);
    }
    for (const mail of mails) {
      const outboundId = await store.outbox.queue(mail, now);
      if (mail.offered) await store.journal.recordOffer({ conversationId: conversation.id, outboundId, ...mail.offered }, now);
    }
    await keepHolds(deps, { turn, state, mails, now });
    for (const earlier of inbound?.alongside ?? []) {
      await store.journal.markProcessed(
        {
          messageId: earlier.id,
          attempt: earlier.attempt,
          conversationId: conversation.id,
          headerMessageId: earlier.mail.messageId,
          kind: 'human',
          fromAddress: earlier.mail.from?.address ?? null,
          subject: earlier.mail.subject,
          visibleText: earlier.text,
          understanding: null,
          authentication: earlier.authentication,
        },
        now,
      );
      await store.journal.decide(
        { conversationId: conversation.id, messageId: earlier.id, kind: 'understanding', actor: 'code', summary: `read and answered together with message ${inbound!.id}`, detail: { answeredWith: inbound!.id } },
        now,
      );
    }
    if (inbound) {
      await store.journal.markProcessed(
        {
          messageId: inbound.id,
          attempt: inbound.attempt,
          conversationId: conversation.id,
          headerMessageId: inbound.mail.messageId,
          kind: 'human',
          fromAddress: inbound.mail.from?.address ?? null,
          subject: inbound.mail.subject,
          visibleText: inbound.text,
          understanding: inbound.understanding,
          authentication: inbound.authentication,
        },
        now,
      );
    }
  });
  deps.logger.info(
    { message: inbound?.id, conversation: conversation.id, lead: lead.id, state: state.status, queued: mails.length, event: turn.event.kind },
    'turn committed',
  );
}

/**
 * An offer holds its times for the lead until `offer_hold_minutes` have passed; anything else
 * that leaves no open offer (a pick, a decline, a hand-off, a stall) lets them go.
 */
async function keepHolds(deps: TurnDeps, input: { turn: Turn; state: ConversationState; mails: PlannedMail[]; now: number }): Promise<void> {
  const { turn, state, mails, now } = input;
  const { store } = deps;
  const conversationId = turn.conversation.id;
  const offer = mails.find((mail) => mail.offered !== null)?.offered ?? null;
  const minutes = turn.campaign.offerHoldMinutes;
  if (offer && minutes > 0) {
    const expiresAt = now + minutes * 60_000;
    await store.holds.replace(conversationId, { hostIds: offer.hostIds, slots: offer.slots, heldAt: now, expiresAt });
    await store.journal.decide(
      {
        conversationId,
        messageId: turn.inbound?.id ?? null,
        kind: 'hold',
        actor: 'code',
        summary: `holding ${offer.slots.length} time(s) with ${offer.hostIds.join(' & ')} until ${new Date(expiresAt).toISOString()}`,
        detail: { hostIds: offer.hostIds, slots: offer.slots, expiresAt },
      },
      now,
    );
  } else if (offer || !OPEN_OFFER.has(state.status)) {
    await store.holds.release(conversationId);
  } else {
    await store.holds.dropReserved(conversationId);
  }
}
