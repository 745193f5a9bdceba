import type { Config } from '../config/types.js';
import { queueWebhook } from '../integrations/webhooks.js';
import { outcomeRecorded } from '../integrations/notices.js';
import type { Outcomes } from '../store/outcomes.js';
import type { Store } from '../store/store.js';

export type OutcomeInput = Parameters<Outcomes['record']>[0];
export type OutcomeResult = ReturnType<Outcomes['record']>;

/** A meeting's outcome, from the CLI or a rep's link, and the webhook that tells the CRM, in one commit. */
export function recordOutcome(deps: { store: Store; config: Config }, input: OutcomeInput, now: number): OutcomeResult {
  return deps.store.transaction(() => {
    const result = deps.store.outcomes.record(input, now);
    if (result.change !== 'unchanged') {
      const { booking } = input;
      queueWebhook(deps.store, deps.config, outcomeRecorded({
        leadId: booking.leadId, campaign: booking.campaign, bookingUid: booking.uid, outcome: input.outcome, reason: input.reason, recordedBy: input.recordedBy,
      }), now);
    }
    return result;
  });
}
