import type { CampaignConfig } from '../config/types.js';
import type { TurnDeps } from './turn-types.js';
import { runTurn } from './turn.js';
import { ConversationConflict } from '../store/conversations.js';

/**
 * The silence tick: every conversation whose follow-up time has come gets one turn with a
 * `silence` event (one nudge with fresh times, or marked stalled after the nudge). Returns how
 * many conversations were stepped.
 */
export async function runDueFollowUps(deps: TurnDeps & { campaigns: ReadonlyMap<string, CampaignConfig> }): Promise<number> {
  const now = deps.now();
  const due = await deps.store.conversations.dueFollowUps(now);
  for (const conversation of due) {
    const campaign = deps.campaigns.get(conversation.campaign);
    const lead = await deps.store.leads.byId(conversation.leadId);
    const recipient = conversation.state.attendee ?? { name: lead.name, email: lead.email };
    if (!campaign || await deps.store.suppressions.has(campaign.address, recipient.email)) {
      try {
        await deps.store.conversations.save({ ...conversation, state: { ...conversation.state, followUp: { dueAt: null, sent: true } } }, now);
      } catch (error) {
        if (!(error instanceof ConversationConflict)) throw error;
      }
      continue;
    }
    try {
      await runTurn(deps, {
        campaign,
        lead,
        conversation,
        event: { kind: 'silence' },
        inbound: null,
        recipient,
        turnKey: `follow-up:${conversation.id}:${conversation.state.followUp.dueAt}`,
      });
    } catch (error) {
      // The prospect wrote meanwhile: their turn won, and the nudge is no longer due.
      if (!(error instanceof ConversationConflict)) throw error;
      deps.logger.info({ conversation: conversation.id }, 'follow-up skipped: the conversation changed meanwhile');
    }
  }
  return due.length;
}
