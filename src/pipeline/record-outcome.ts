import type { Config } from '../config/types.js';
import { queueWebhook } from '../integrations/webhooks.js';
import { outcomeRecorded } from '../integrations/notices.js';
import type { Outcomes } from '../store/outcomes.js';
import type { Store } from '../store/store.js';

export type OutcomeInput = Parameters<Outcomes['record']>[0];
export type OutcomeResult = Awaited<ReturnType<Outcomes['record']>>;

/** A meeting's outcome, from the CLI or a rep's link, and the webhook that tells the CRM, in one commit. */
export async function recordOutcome(deps: { store: Store; config: Config }, input: OutcomeInput, now: number): Promise<OutcomeResult> {
  return await deps.store.transaction(async () => {
    const result = await deps.store.outcomes.record(input, now);
    if (result.change !== 'unchanged') {
      const { booking } = input;
      await queueWebhook(deps.store, deps.config, outcomeRecorded({
        leadId: booking.leadId, campaign: booking.campaign, bookingUid: booking.uid, outcome: input.outcome, reason: input.reason, recordedBy: input.recordedBy,
      }), now);
    }
    return result;
  });
}
