import type { Config, HostConfig } from '../config/types.js';
import type { BookedMeeting, Effect, Person } from '../core/conversation.js';
import type { OfferedTime } from '../core/understanding.js';
import { offerTemplate, renderReply, type ReplyVars } from '../agent/templates.js';
import type { TemplateName } from '../config/template-names.js';
import { handoffBriefWording, leadBriefWording, type MeetingNews, type ThreadEntry } from '../agent/briefs.js';
import { buildInvite } from '../calendar/invite.js';
import { outcomeLink } from '../core/outcome-link.js';
import { composeMail, replySubject, type Address } from '../mail/compose.js';
import { conversationAddress } from '../mail/addressing.js';
import type { OutboundMail } from '../store/outbox.js';
import type { Store } from '../store/store.js';
import { meetingEvent, type MeetingChange } from './calendar-effects.js';
import { hostsById } from './hosts.js';
import type { Phraser, Turn } from './turn-types.js';

export interface MailContext {
  config: Config;
  store: Store;
  phrase: Phraser | null;
  turn: Turn;
  /** Who is invited instead of the lead once this turn is done ("set it up with my colleague"): the turn may have just named them. */
  attendee: Person | null;
  now: number;
}

export interface PlannedMail extends OutboundMail {
  /** The times this mail offers, recorded once it is queued. */
  offered: { hostIds: string[]; slots: OfferedTime[] } | null;
}

const NEWS: Record<MeetingChange['kind'], { news: MeetingNews; template: TemplateName; method: 'REQUEST' | 'CANCEL' }> = {
  booked: { news: 'booked', template: 'confirmation', method: 'REQUEST' },
  moved: { news: 'moved', template: 'rescheduled', method: 'REQUEST' },
  cancelled: { news: 'cancelled', template: 'cancelled', method: 'CANCEL' },
};

const NOTES = {
  booked: { email: 'attached', calendar: 'fromCalendar' },
  moved: { email: 'updatedAttached', calendar: 'updatedFromCalendar' },
} as const;

/** One planMails call's context: the thread its briefs show is read once, when the first brief needs it. */
interface PlanContext extends MailContext {
  brief(): Promise<BriefContext>;
}

/** Turns the step's effects into the mails to queue, in order. */
export async function planMails(context: MailContext, effects: readonly Effect[], change: MeetingChange | null): Promise<PlannedMail[]> {
  let brief: BriefContext | undefined;
  const plan: PlanContext = { ...context, brief: async () => (brief ??= await briefContext(context)) };
  const mails: PlannedMail[] = [];
  for (const effect of effects) mails.push(...(await mailsFor(plan, effect, change)));
  return mails;
}

async function mailsFor(context: PlanContext, effect: Effect, change: MeetingChange | null): Promise<PlannedMail[]> {
  const { config, turn } = context;
  switch (effect.kind) {
    case 'offer': {
      const text = await render(context, offerTemplate(effect.reason), {
        hostName: hostNames(config, effect.hostIds),
        slots: effect.slots,
        answer: effect.answer,
        question: effect.deferredQuestion,
        guess: effect.slots.find((slot) => slot.position === effect.guess) ?? null,
      });
      return [await toProspect(context, { kind: 'reply', text, ics: null, offered: { hostIds: effect.hostIds, slots: effect.slots } })];
    }
    case 'book':
    case 'move':
    case 'cancel':
      return change ? meetingMails(context, change) : [];
    case 'reply': {
      const text = await render(context, effect.template, {
        hostName: hostNames(config, turn.conversation.state.hostIds),
        answer: effect.answer,
        question: effect.question,
      });
      return [await toProspect(context, { kind: 'reply', text, ics: null, offered: null })];
    }
    case 'suppress':
      return [];
    case 'hand_to_human': {
      const owner = hostsById(config, [turn.campaign.ownerId])[0]!;
      const brief = handoffBriefWording({ ...await context.brief(), reason: effect.reason });
      const subject = `Needs a person: ${who(turn.recipient)} (${turn.campaign.name})`;
      const handoff = await toStaff(context, { kind: 'handoff', to: owner, subject, text: brief.text, ics: null });
      if (!effect.tellProspect) return [handoff];
      const notice = await render(context, 'handoff_notice', { hostName: owner.name });
      return [handoff, await toProspect(context, { kind: 'reply', text: notice, ics: null, offered: null })];
    }
  }
}

/** A reminder of the meeting to everyone invited, in the thread, so an answer can move it. */
export async function reminderMail(context: MailContext, meeting: BookedMeeting, attendees: readonly Person[]): Promise<PlannedMail> {
  const text = await render(context, 'reminder', { hostName: hostNames(context.config, meeting.hostIds), slot: { start: meeting.start, end: meeting.end } });
  return toProspect(context, { kind: 'reminder', text, ics: null, offered: null }, attendees);
}

/** The prospect's confirmation, move or cancellation, and a brief to every host. */
async function meetingMails(context: PlanContext, change: MeetingChange): Promise<PlannedMail[]> {
  const { config, turn } = context;
  const { meeting } = change;
  const hosts = hostsById(config, meeting.hostIds);
  const spec = NEWS[change.kind];
  // Google sends its own invitations for events it holds: one invite channel per event.
  const ics = change.inviteByEmail
    ? buildInvite({ method: spec.method, event: meetingEvent(config, { campaign: turn.campaign, attendees: change.attendees }, meeting), timeZone: hosts[0]!.timeZone })
    : null;
  const slot = { start: meeting.start, end: meeting.end };
  const inviteNote = change.kind === 'cancelled' ? undefined : NOTES[change.kind][ics ? 'email' : 'calendar'];
  const text = await render(context, spec.template, { hostName: hostNames(config, meeting.hostIds), slot, ...(inviteNote ? { inviteNote } : {}) });
  const mails = [await toProspect(context, { kind: 'confirmation', text, ics, method: spec.method, offered: null }, change.attendees)];
  for (const host of hosts) {
    const brief = leadBriefWording({
      ...await context.brief(),
      news: spec.news,
      slot,
      hostZone: host.timeZone,
      prospectZone: turn.conversation.prospectZone,
      inviteAttached: ics !== null,
      ...(change.kind === 'cancelled' ? {} : { outcomeLinks: await outcomeLinks(context, change) }),
    });
    const subject = `Meeting ${spec.news}: ${change.attendees.map(who).join(', ')} (${turn.campaign.name})`;
    mails.push(await toStaff(context, { kind: 'host_brief', to: host, subject, text: brief.text, ics, method: spec.method }));
  }
  return [...mails, ...(await releasedHostMails(context, change))];
}

const OUTCOME_LINK_DAYS = 30;
const OUTCOMES = [
  { outcome: 'held', label: 'Held' },
  { outcome: 'no_show', label: 'No-show' },
  { outcome: 'disqualified', label: 'Disqualified' },
] as const;

/** Signed links for the rep, valid until a month after the meeting; none unless the service is set up for them. */
async function outcomeLinks(context: MailContext, change: MeetingChange): Promise<Array<{ label: string; url: string }>> {
  const { publicUrl, outcomeSecret } = context.config.service.http;
  const bookingId = await context.store.bookings.idOf(change.meeting.uid);
  if (!publicUrl || !outcomeSecret || bookingId === null) return [];
  const expiresAt = change.meeting.end + OUTCOME_LINK_DAYS * 24 * 3_600_000;
  return OUTCOMES.map(({ outcome, label }) => ({ label, url: outcomeLink(bookingId, outcome, outcomeSecret, publicUrl, expiresAt) }));
}

/** When another rep took a moved meeting, the reps who no longer have it are told, with a cancellation. */
async function releasedHostMails(context: PlanContext, change: MeetingChange): Promise<PlannedMail[]> {
  const { config, turn } = context;
  const released = hostsById(config, change.previousHostIds.filter((id) => !change.meeting.hostIds.includes(id)));
  const mails: PlannedMail[] = [];
  for (const host of released) {
    const previous = { ...change.meeting, hostIds: change.previousHostIds };
    const ics = change.inviteByEmail
      ? buildInvite({ method: 'CANCEL', event: meetingEvent(config, { campaign: turn.campaign, attendees: change.attendees }, previous), timeZone: host.timeZone })
      : null;
    const brief = leadBriefWording({
      ...await context.brief(),
      news: 'reassigned',
      slot: { start: change.meeting.start, end: change.meeting.end },
      hostZone: host.timeZone,
      prospectZone: turn.conversation.prospectZone,
      inviteAttached: ics !== null,
    });
    const subject = `Meeting reassigned: ${change.attendees.map(who).join(', ')} (${turn.campaign.name})`;
    mails.push(await toStaff(context, { kind: 'host_brief', to: host, subject, text: brief.text, ics, method: 'CANCEL' }));
  }
  return mails;
}

/** The template's words, reworded by the LLM when enabled (the facts checked, else the draft). */
async function render(context: MailContext, template: TemplateName, vars: Omit<ReplyVars, 'prospectName' | 'senderName' | 'timeZone'>): Promise<string> {
  const { turn } = context;
  const rendered = renderReply(
    template,
    { prospectName: turn.recipient.name, senderName: turn.campaign.senderName, timeZone: turn.conversation.prospectZone, ...vars },
    { language: turn.conversation.language, overrides: turn.campaign.templates },
  );
  // A campaign's own wording is the marketer's: it goes out as written.
  if (!context.phrase || turn.campaign.templates[template] !== undefined) return rendered.text;
  return context.phrase({
    campaign: turn.campaign,
    conversationId: turn.conversation.id,
    draft: rendered.text,
    facts: rendered.facts,
    language: rendered.language,
  });
}

function hostNames(config: Config, hostIds: readonly string[]): string {
  if (hostIds.length === 0) return '';
  return hostsById(config, hostIds).map((host) => host.name).join(' & ');
}

function who(person: Person): string {
  return person.name ?? person.email;
}

type BriefContext = Awaited<ReturnType<typeof briefContext>>;

/** Who and what a brief is about, with the thread so far (this turn's inbound message included). */
async function briefContext(context: MailContext) {
  const { turn, store } = context;
  const thread: ThreadEntry[] = await store.journal.thread(turn.conversation.id);
  if (turn.inbound) thread.push({ direction: 'in', from: turn.recipient.email, at: turn.inbound.receivedAt, text: turn.inbound.text });
  return {
    prospect: { name: turn.recipient.name, email: turn.recipient.email },
    campaign: { name: turn.campaign.name, address: turn.campaign.address },
    thread,
  };
}

/**
 * Answers in the thread: to the sender (and the colleague they named as attendee), threaded, with
 * the conversation's reply address. A meeting's mail goes to every attendee as well: each of them
 * gets the invitation, whoever wrote.
 */
async function toProspect(
  context: MailContext,
  mail: { kind: 'reply' | 'confirmation' | 'reminder'; text: string; ics: string | null; method?: 'REQUEST' | 'CANCEL'; offered: PlannedMail['offered'] },
  attendees: readonly Person[] = [],
): Promise<PlannedMail> {
  const { config, turn, store } = context;
  const { campaign, conversation } = turn;
  const from = { name: campaign.senderName, address: campaign.address };
  // The sender, and the colleague they asked us to involve (already checked to belong to the thread).
  const delegate = context.attendee;
  const recipients = unique([turn.recipient, ...(delegate ? [delegate] : []), ...attendees]);
  // "Set it up with my colleague": the colleague is the one written to, the person who asked is copied.
  const to = delegate ? recipients.filter((person) => person.email.toLowerCase() === delegate.email.toLowerCase()) : recipients;
  const cc = delegate ? recipients.filter((person) => !to.includes(person)) : [];
  const subject = replySubject(conversation.subject, campaign.name);
  const inReplyTo = turn.inbound?.mail.messageId
    ? { messageId: turn.inbound.mail.messageId, references: turn.inbound.mail.references }
    : await lastAnswered(store, conversation.id);
  const composed = await composeMail({
    domain: config.service.domain,
    from,
    to: to.map((person) => ({ name: person.name, address: person.email })),
    cc: cc.map((person) => ({ name: person.name, address: person.email })),
    replyTo: { name: from.name, address: conversationAddress(campaign.address, conversation.token) },
    subject,
    text: mail.text,
    inReplyTo,
    invite: mail.ics ? { method: mail.method ?? 'REQUEST', ics: mail.ics } : null,
    date: context.now,
  });
  return {
    campaign: campaign.address,
    conversationId: conversation.id,
    kind: mail.kind,
    messageId: composed.messageId,
    envelopeFrom: campaign.address,
    envelopeTo: recipients.map((person) => person.email),
    subject,
    text: mail.text,
    raw: composed.raw,
    offered: mail.offered,
  };
}

/** A follow-up answers the agent's last mail to the prospect; its references are not kept. */
async function lastAnswered(store: Store, conversationId: number): Promise<{ messageId: string; references: readonly string[] } | null> {
  const last = await store.journal.lastProspectMail(conversationId);
  return last ? { messageId: last.messageId, references: [] } : null;
}

async function toStaff(
  context: MailContext,
  mail: { kind: 'host_brief' | 'handoff'; to: HostConfig; subject: string; text: string; ics: string | null; method?: 'REQUEST' | 'CANCEL' },
): Promise<PlannedMail> {
  const { config, turn } = context;
  const replyTo: Address = { name: turn.recipient.name, address: turn.recipient.email };
  const composed = await composeMail({
    domain: config.service.domain,
    from: { name: turn.campaign.senderName, address: turn.campaign.address },
    to: [{ name: mail.to.name, address: mail.to.email }],
    // A rep who answers the brief writes to the prospect, not to the robot.
    replyTo,
    subject: mail.subject,
    text: mail.text,
    invite: mail.ics ? { method: mail.method ?? 'REQUEST', ics: mail.ics } : null,
    date: context.now,
  });
  return {
    campaign: turn.campaign.address,
    conversationId: turn.conversation.id,
    kind: mail.kind,
    messageId: composed.messageId,
    envelopeFrom: turn.campaign.address,
    envelopeTo: [mail.to.email],
    subject: mail.subject,
    text: mail.text,
    raw: composed.raw,
    offered: null,
  };
}

function unique(people: readonly Person[]): Person[] {
  const seen = new Set<string>();
  return people.filter((person) => {
    const email = person.email.toLowerCase();
    return !seen.has(email) && seen.add(email);
  });
}
