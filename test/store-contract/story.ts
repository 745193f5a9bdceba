import { INITIAL_STATE, type ConversationStatus } from '../../src/core/conversation-types.js';
import type { Conversation } from '../../src/store/conversations.js';
import type { Lead } from '../../src/store/leads.js';
import type { Store } from '../../src/store/store.js';

/** A lead and its conversation, as the tests that write a history through the contract hold them. */
export interface Thread {
  lead: Lead;
  conversation: Conversation;
}

/** A first message opens a thread: the lead (found or created) and a conversation of its own. */
export async function openThread(store: Store, input: { campaign: string; email: string; name: string | null; subject: string; now: number }): Promise<Thread> {
  const { campaign, email, name, subject, now } = input;
  const { lead } = await store.leads.findOrCreate({ campaign, email, name, receivedAt: now });
  const conversation = await store.conversations.create(
    { leadId: lead.id, campaign, token: `t-${lead.id}`, state: INITIAL_STATE, prospectZone: 'UTC', subject, language: null },
    now,
  );
  return { lead, conversation };
}

/** A turn ends: the conversation saved with its new status and hosts; the thread holds the saved version. */
export async function saveTurn(store: Store, thread: Thread, status: ConversationStatus, hostIds: string[], now: number): Promise<void> {
  thread.conversation = await store.conversations.save({ ...thread.conversation, state: { ...thread.conversation.state, status, hostIds } }, now);
}
