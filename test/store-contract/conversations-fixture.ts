import { INITIAL_STATE } from '../../src/core/conversation.js';
import type { NewBooking } from '../../src/store/bookings.js';
import type { Conversation } from '../../src/store/conversations.js';
import type { Lead } from '../../src/store/leads.js';
import type { Store } from '../../src/store/store.js';

/** What the contract tests of leads, conversations, bookings, holds, journal and outcomes share. */
export const CAMPAIGN = 'demo@meet.example';
export const NOW = Date.parse('2026-05-04T09:00:00.000Z');
export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;

/** A lead who wrote an hour before NOW, and the conversation opened for them. */
export async function prospect(store: Store, email: string, campaign = CAMPAIGN): Promise<{ lead: Lead; conversation: Conversation }> {
  const { lead } = await store.leads.findOrCreate({ campaign, email, name: null, receivedAt: NOW - HOUR });
  const conversation = await store.conversations.create(
    { leadId: lead.id, campaign, token: `t-${campaign}-${email}`, state: INITIAL_STATE, prospectZone: 'UTC', subject: 'Demo', language: null },
    NOW - HOUR,
  );
  return { lead, conversation };
}

/** `minutes` long, starting `inHours` after NOW. */
export function slotAt(inHours: number, minutes = 30): { start: number; end: number } {
  const start = NOW + inHours * HOUR;
  return { start, end: start + minutes * MINUTE };
}

/** A booking for a new prospect `email`, its uid named after them. */
export async function newBooking(store: Store, email: string, hostIds: string[], slot: { start: number; end: number }): Promise<NewBooking> {
  const { lead, conversation } = await prospect(store, email);
  return { uid: `${email}@meet.test`, leadId: lead.id, conversationId: conversation.id, campaign: CAMPAIGN, hostIds, attendeeEmail: email, slot };
}
