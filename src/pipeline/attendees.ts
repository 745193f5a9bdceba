import type { Effect, Person } from '../core/conversation.js';
import { FREE_MAIL_DOMAINS } from '../config/free-mail-domains.js';
import type { Turn } from './turn-types.js';

type CalendarEffect = Extract<Effect, { kind: 'book' | 'move' | 'cancel' }>;

export interface MeetingPeople {
  /** Everyone on the invitation, the lead (or the colleague sent instead) first. */
  attendees: Person[];
  /** Those of them kept as the conversation's guests, for a later move or cancellation. */
  guests: Person[];
}

/**
 * Who a meeting is with. The lead, or the colleague they asked us to set it up with instead;
 * and, when a colleague in the thread made the pick, that colleague too: they asked for the
 * meeting, and the lead they wrote for (in their CC, or at their company) expects to be in it.
 * A move or a cancellation reaches the same people as the booking did.
 */
export function meetingPeople(turn: Turn, effect: CalendarEffect): MeetingPeople {
  const { state } = turn.conversation;
  const lead: Person = { name: turn.lead.name, email: turn.lead.email };
  const main = (effect.kind === 'book' ? effect.attendee : state.attendee) ?? lead;
  const guests = effect.kind === 'book' ? pickingColleague(turn, main) : state.guests.filter((guest) => !same(guest, main));
  return { attendees: [main, ...guests], guests };
}

function pickingColleague(turn: Turn, main: Person): Person[] {
  const sender = turn.inbound ? turn.recipient : null;
  if (!sender || same(sender, main) || same(sender, { name: null, email: turn.lead.email })) return [];
  const domainOf = (email: string) => email.split('@')[1]?.toLowerCase() ?? '';
  const leadDomain = domainOf(turn.lead.email);
  const colleague = domainOf(sender.email) === leadDomain && !FREE_MAIL_DOMAINS.has(leadDomain);
  const mail = turn.inbound!.mail;
  const leadInCopy = [...mail.to, ...mail.cc].some((mailbox) => mailbox.address.toLowerCase() === turn.lead.email.toLowerCase());
  return colleague || leadInCopy ? [sender] : [];
}

function same(a: Person, b: Person): boolean {
  return a.email.toLowerCase() === b.email.toLowerCase();
}
