import { expect, it } from 'vitest';
import type { ConversationState } from '../../src/core/conversation-types.js';
import type { OutboundKind } from '../../src/store/outbox.js';
import type { StoredRaw } from '../../src/mail/inbound-envelope.js';
import type { Understanding } from '../../src/core/understanding.js';
import { BY_HAND } from '../../src/store/spool.js';
import type { Store } from '../../src/store/store.js';
import { describeEachEngine } from './engines.js';
import { openThread, type Thread } from './story.js';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const T0 = Date.parse('2026-03-02T09:00:00.000Z');
const iso = (ms: number) => new Date(ms).toISOString();
const WEBINAR = 'webinar@meet.test';
const PRICING = 'pricing@meet.test';
const JANE = 'jane@acme.test';
const TOM = 'tom@acme.test';
const SAM = 'sam@other.test';
const JANE_WORDS = 'Zanzibar pelican budget';
const UNDERSTOOD: Understanding = { intent: 'request_times', choice: null, times: [], timeZone: null, people: [], question: 'a demo?', language: 'en', engine: 'rules' };

function storyOf(store: Store) {
  let mails = 0;
  return {
    arrive: (campaign: string, email: string, name: string | null, now: number) => openThread(store, { campaign, email, name, subject: `Demo for ${email}`, now }),
    /** An inbound message, read by the pipeline into `conversationId` (null: a robot's, in no thread). */
    async inbound(campaign: string, from: string, conversationId: number | null, now: number, text: string, raw: StoredRaw | null = null): Promise<number> {
      const bytes = Buffer.from(`From: ${from}\r\nSubject: Demo\r\n\r\n${text}\r\n`);
      const [id] = await store.spool.accept([{ campaign, envelopeFrom: from, envelopeTo: [campaign], remoteAddress: '192.0.2.1', helo: 'mx.test', raw: raw ?? { bytes }, receivedAt: now }]);
      const claimed = (await store.spool.claimById(id!, now, BY_HAND))!;
      await store.journal.markProcessed(
        { messageId: id!, attempt: claimed.attempts, conversationId, headerMessageId: `<in-${++mails}@p.test>`, kind: conversationId === null ? 'auto_reply' : 'human', fromAddress: from, subject: 'Demo', visibleText: text, understanding: conversationId === null ? null : UNDERSTOOD, authentication: { spf: 'pass' } },
        now,
      );
      return id!;
    },
    async outbound(thread: Thread, kind: OutboundKind, to: string, now: number, text: string, sent = true): Promise<number> {
      const id = await store.outbox.queue(
        { campaign: thread.lead.campaign, conversationId: thread.conversation.id, kind, messageId: `<out-${++mails}@agent.test>`, envelopeFrom: thread.lead.campaign, envelopeTo: [to], subject: 'Re: Demo', text, raw: Buffer.from(`To: ${to}\r\n\r\n${text}\r\n`) },
        now,
      );
      if (sent) await store.outbox.markSent((await store.outbox.claimNext(now, BY_HAND))!, now);
      return id;
    },
    async book(thread: Thread, uid: string, hostIds: string[], attendee: string, start: number, now: number): Promise<void> {
      const verdict = await store.transaction(() =>
        store.bookings.insertIfFree({ uid, leadId: thread.lead.id, conversationId: thread.conversation.id, campaign: thread.lead.campaign, hostIds, attendeeEmail: attendee, slot: { start, end: start + 30 * MINUTE } }, now),
      );
      expect(verdict.ok).toBe(true);
    },
    async state(thread: Thread, state: Partial<ConversationState>, now: number): Promise<void> {
      thread.conversation = await store.conversations.save({ ...thread.conversation, state: { ...thread.conversation.state, ...state } }, now);
    },
  };
}

/** Jane's thread with everything the store keeps about her (Tom, her colleague, joins it), and Sam's, who is someone else. */
async function threads(store: Store) {
  const story = storyOf(store);
  const jane = await story.arrive(WEBINAR, JANE, 'Jane Doe', T0);
  const sam = await story.arrive(PRICING, SAM, 'Sam Wu', T0 + MINUTE);
  const first = await story.inbound(WEBINAR, JANE, jane.conversation.id, T0, `A demo for our ${JANE_WORDS}?`);
  await story.inbound(PRICING, SAM, sam.conversation.id, T0 + MINUTE, 'Pricing, please.');
  const reply = await story.outbound(jane, 'reply', JANE, T0 + 2 * MINUTE, 'Here are three times, Jane.');
  await store.journal.decide({ conversationId: jane.conversation.id, messageId: first, kind: 'step', actor: 'rules', summary: `offer to ${JANE}`, detail: { to: JANE } }, T0 + 2 * MINUTE);
  await store.leads.addContact(jane.lead.id, TOM, 'Tom Roe', T0 + 3 * MINUTE);
  const fromTom = await story.inbound(WEBINAR, 'Tom@Acme.test', jane.conversation.id, T0 + 3 * MINUTE, 'The first one works for us.');
  const start = Date.parse('2026-03-05T10:00:00.000Z');
  await story.book(jane, 'jane-1@meet.test', ['bob', 'alice'], JANE, start, T0 + 4 * MINUTE);
  await store.transaction(() => store.bookings.moveIfFree('jane-1@meet.test', { start: start + DAY, end: start + DAY + 30 * MINUTE }, ['alice', 'bob'], T0 + 5 * MINUTE));
  // "Set it up with my colleague": a second meeting whose attendee is Tom.
  await story.book(jane, 'jane-2@meet.test', ['carol'], TOM, start, T0 + 6 * MINUTE);
  await story.book(jane, 'jane-old@meet.test', ['carol'], JANE, start + 2 * DAY, T0 + 6 * MINUTE);
  await store.transaction(() => store.bookings.cancel('jane-old@meet.test', T0 + 7 * MINUTE));
  await story.state(jane, { status: 'booked', hostIds: ['alice', 'bob'], attendee: { name: 'Jane Doe', email: JANE }, guests: [{ name: 'Tom Roe', email: 'TOM@acme.test' }] }, T0 + 7 * MINUTE);
  const brief = await story.outbound(jane, 'host_brief', 'alice@team.test', T0 + 8 * MINUTE, 'Jane and Tom want a demo.');
  // A robot's answer from her address, in no thread.
  const autoReply = await story.inbound(PRICING, JANE, null, T0 + 9 * MINUTE, 'I am out of the office.');
  await store.journal.decide({ conversationId: null, messageId: autoReply, kind: 'classification', actor: 'rules', summary: 'auto reply', detail: { header: 'Auto-Submitted' } }, T0 + 9 * MINUTE);
  await store.webhooks.enqueue(
    [
      { webhookId: 'w1', endpoint: 'https://crm.test/hooks', event: 'lead.created', leadId: jane.lead.id, payload: JSON.stringify({ lead: { id: jane.lead.id } }) },
      { webhookId: 'w2', endpoint: 'https://crm.test/hooks', event: 'handoff.created', leadId: null, payload: JSON.stringify({ email: 'JANE@acme.test' }) },
      { webhookId: 'w3', endpoint: 'https://crm.test/hooks', event: 'lead.created', leadId: sam.lead.id, payload: JSON.stringify({ email: SAM }) },
    ],
    T0 + 10 * MINUTE,
  );
  await store.suppressions.add(PRICING, JANE, 'unsubscribed', T0 + 11 * MINUTE);
  return { story, jane, sam, start, messages: { first, reply, fromTom, brief, autoReply } };
}

const base64 = (text: string) => Buffer.from(text).toString('base64');

describeEachEngine('personal data', (open, engine) => {
  it('exports everything held about an address; nothing held is null', async () => {
    const store = await open();
    const { jane, start, messages } = await threads(store);
    expect(await store.personalData.export('nobody@acme.test', { now: T0, by: 'dpo' })).toBeNull();
    const person = (await store.personalData.export('Jane@ACME.test', { now: T0 + DAY, by: 'dpo' }))!;
    expect(person.email).toBe(JANE);
    expect(person.leads).toEqual([{ id: jane.lead.id, campaign: WEBINAR, email: JANE, name: 'Jane Doe', firstMessageAt: iso(T0), state: 'booked' }]);
    expect(person.contacts).toEqual([
      { leadId: jane.lead.id, email: JANE, name: 'Jane Doe', since: iso(T0) },
      { leadId: jane.lead.id, email: TOM, name: 'Tom Roe', since: iso(T0 + 3 * MINUTE) },
    ]);
    expect(person.conversations).toEqual([
      { id: jane.conversation.id, leadId: jane.lead.id, campaign: WEBINAR, subject: `Demo for ${JANE}`, state: jane.conversation.state, createdAt: iso(T0) },
    ]);
    expect(person.messages.map((message) => message.id)).toEqual([messages.first, messages.reply, messages.fromTom, messages.brief, messages.autoReply]);
    expect(person.messages[0]).toEqual({
      id: messages.first, conversationId: jane.conversation.id, direction: 'in', kind: 'human', at: iso(T0), from: JANE, to: [WEBINAR], subject: 'Demo',
      visibleText: `A demo for our ${JANE_WORDS}?`, understanding: UNDERSTOOD, rawBase64: base64(`From: ${JANE}\r\nSubject: Demo\r\n\r\nA demo for our ${JANE_WORDS}?\r\n`),
    });
    expect(person.messages[1]).toEqual({
      id: messages.reply, conversationId: jane.conversation.id, direction: 'out', kind: 'reply', at: iso(T0 + 2 * MINUTE), from: WEBINAR, to: [JANE], subject: 'Re: Demo',
      visibleText: 'Here are three times, Jane.', understanding: null, rawBase64: base64(`To: ${JANE}\r\n\r\nHere are three times, Jane.\r\n`),
    });
    expect(person.messages[4]).toMatchObject({ conversationId: null, kind: 'auto_reply', from: JANE, understanding: null });
    expect(person.bookings).toEqual([
      { id: expect.any(Number), uid: 'jane-1@meet.test', campaign: WEBINAR, hostId: 'alice', attendee: JANE, start: iso(start + DAY), end: iso(start + DAY + 30 * MINUTE), status: 'confirmed' },
      { id: expect.any(Number), uid: 'jane-2@meet.test', campaign: WEBINAR, hostId: 'carol', attendee: TOM, start: iso(start), end: iso(start + 30 * MINUTE), status: 'confirmed' },
      { id: expect.any(Number), uid: 'jane-old@meet.test', campaign: WEBINAR, hostId: 'carol', attendee: JANE, start: iso(start + 2 * DAY), end: iso(start + 2 * DAY + 30 * MINUTE), status: 'cancelled' },
    ]);
    expect(person.decisions).toEqual([
      { conversationId: jane.conversation.id, messageId: messages.first, kind: 'step', summary: `offer to ${JANE}`, detail: { to: JANE }, at: iso(T0 + 2 * MINUTE) },
      { conversationId: null, messageId: messages.autoReply, kind: 'classification', summary: 'auto reply', detail: { header: 'Auto-Submitted' }, at: iso(T0 + 9 * MINUTE) },
    ]);
    expect(person.webhooks).toEqual([
      { event: 'lead.created', endpoint: 'https://crm.test/hooks', status: 'pending', payload: { lead: { id: jane.lead.id } }, at: iso(T0 + 10 * MINUTE) },
      { event: 'handoff.created', endpoint: 'https://crm.test/hooks', status: 'pending', payload: { email: 'JANE@acme.test' }, at: iso(T0 + 10 * MINUTE) },
    ]);
    expect(person.suppressions).toEqual([{ campaign: PRICING, reason: 'unsubscribed', since: iso(T0 + 11 * MINUTE) }]);

    // A colleague's export: the thread they joined, and what they wrote.
    const tom = (await store.personalData.export(TOM, { now: T0 + DAY, by: 'dpo' }))!;
    expect(tom.leads.map((lead) => lead.id)).toEqual([jane.lead.id]);
    expect(tom.messages.map((message) => message.id)).toEqual([messages.fromTom, messages.brief]);
    expect(tom.conversations.map((conversation) => conversation.id)).toEqual([jane.conversation.id]);
  });

  it('lists the confirmed meetings to take them off the calendars, the organiser first', async () => {
    const store = await open();
    const { start } = await threads(store);
    expect(await store.personalData.meetings(JANE)).toEqual([
      { uid: 'jane-1@meet.test', sequence: 1, campaign: WEBINAR, hostIds: ['alice', 'bob'], start: start + DAY, end: start + DAY + 30 * MINUTE },
      { uid: 'jane-2@meet.test', sequence: 0, campaign: WEBINAR, hostIds: ['carol'], start, end: start + 30 * MINUTE },
    ]);
    // Tom is the attendee of one meeting on Jane's lead.
    expect((await store.personalData.meetings('TOM@acme.test')).map((meeting) => meeting.uid)).toEqual(['jane-2@meet.test']);
    expect(await store.personalData.meetings(SAM)).toEqual([]);
  });

  it('forgets a person everywhere the store keeps them, keeps what the reports count, and leaves others alone', async () => {
    const store = await open();
    const { jane, sam, messages } = await threads(store);
    const samBefore = await store.personalData.export(SAM, { now: T0, by: 'dpo' });
    const window = { since: T0 - DAY, until: T0 + DAY };
    const countsBefore = await store.reports.groups(window, 'campaign');

    const outcome = await store.personalData.forget('JANE@acme.test', { now: T0 + DAY, by: 'dpo' });
    expect(outcome).toEqual({ leads: 1, messages: 5, outboundIds: [messages.reply, messages.brief] });
    expect(await store.personalData.export(JANE, { now: T0 + DAY, by: 'dpo' })).toBeNull();
    expect(await store.personalData.meetings(JANE)).toEqual([]);
    expect(await store.reports.groups(window, 'campaign')).toEqual(countsBefore);
    expect(await store.personalData.export(SAM, { now: T0, by: 'dpo' })).toEqual(samBefore);

    const placeholder = `forgotten-lead${jane.lead.id}@forgotten.invalid`;
    const [row] = (await store.leadList.page({ campaign: WEBINAR, state: null, meeting: null, rep: null, since: null, until: null }, null, 10)).leads;
    expect(row).toMatchObject({ id: jane.lead.id, email: placeholder, name: null, state: 'booked', meetingStatus: 'confirmed' });
    const history = await store.leadHistory.history((await store.leadHistory.find(String(jane.lead.id)))[0]!);
    expect(history.contacts).toEqual([expect.stringMatching(/^forgotten-contact\d+@forgotten\.invalid$/), TOM]);
    for (const entry of history.entries) {
      if (entry.type === 'message') expect(entry).toMatchObject({ from: null, subject: null, text: null });
      else expect(entry).toMatchObject({ summary: 'offer to (forgotten)', detail: {} });
    }
    const conversation = (await store.conversations.byId(jane.conversation.id))!;
    expect(conversation.subject).toBe('');
    expect(conversation.state).toMatchObject({ status: 'booked', hostIds: ['alice', 'bob'], attendee: null, guests: [] });
    // Her wish not to hear from pricing outlives her; what the CRM was to be told about her does not.
    expect(await store.suppressions.has(PRICING, JANE)).toBe(true);
    expect(await store.webhooks.pending()).toBe(1);
    // Tom is still in the thread, and his own export finds it.
    expect((await store.personalData.export(TOM, { now: T0 + DAY, by: 'dpo' }))!.leads[0]).toMatchObject({ id: jane.lead.id, email: placeholder, name: null });
    expect(await store.personalData.forget(JANE, { now: T0 + 2 * DAY, by: 'dpo' })).toEqual({ leads: 0, messages: 0, outboundIds: [] });
  });

  it('forgets a colleague: out of the thread, its meetings and its mail, and the lead stays', async () => {
    const store = await open();
    const { jane, messages } = await threads(store);
    const outcome = await store.personalData.forget(TOM, { now: T0 + DAY, by: 'dpo' });
    expect(outcome).toEqual({ leads: 1, messages: 2, outboundIds: [messages.brief] });
    expect(await store.personalData.export(TOM, { now: T0 + DAY, by: 'dpo' })).toBeNull();
    expect(await store.personalData.meetings(TOM)).toEqual([]);
    const history = await store.leadHistory.history((await store.leadHistory.find(JANE))[0]!);
    expect(history.lead).toMatchObject({ id: jane.lead.id, email: JANE, name: 'Jane Doe' });
    expect(history.contacts).toEqual([JANE, expect.stringMatching(/^forgotten-contact\d+@forgotten\.invalid$/)]);
    const texts = history.entries.flatMap((entry) => (entry.type === 'message' ? [[entry.id, entry.text]] : []));
    expect(texts).toEqual([
      [messages.first, `A demo for our ${JANE_WORDS}?`],
      [messages.reply, 'Here are three times, Jane.'],
      [messages.fromTom, null],
      [messages.brief, null],
    ]);
    expect((await store.conversations.byId(jane.conversation.id))!.state).toMatchObject({ attendee: { name: 'Jane Doe', email: JANE }, guests: [] });
    const janeNow = (await store.personalData.export(JANE, { now: T0 + DAY, by: 'dpo' }))!;
    expect(janeNow.bookings.map((booking) => booking.attendee)).toEqual([JANE, 'forgotten-attendee0@forgotten.invalid', JANE]);
    expect(janeNow.decisions[0]).toMatchObject({ summary: `offer to ${JANE}`, detail: { to: JANE } });
  });

  it('purges the bodies and text of finished messages older than the retention, and counts them once', async () => {
    const store = await open();
    const { story, jane, messages } = await threads(store);
    const waiting = await story.outbound(jane, 'reply', JANE, T0 + 12 * MINUTE, 'Still to be sent.', false);
    const later = await story.inbound(WEBINAR, JANE, jane.conversation.id, T0 + 2 * DAY, 'A later word.');
    const [unread] = await store.spool.accept([{ campaign: WEBINAR, envelopeFrom: JANE, envelopeTo: [WEBINAR], remoteAddress: null, helo: null, raw: { bytes: Buffer.from('Subject: x\r\n\r\nunread\r\n') }, receivedAt: T0 }]);
    expect(await store.personalData.purgeBodies({ before: T0 + DAY, now: T0 + 30 * DAY })).toBe(6);
    expect(await store.personalData.purgeBodies({ before: T0 + DAY, now: T0 + 31 * DAY })).toBe(0);
    const bodies = new Map((await store.personalData.export(JANE, { now: T0 + 31 * DAY, by: 'dpo' }))!.messages.map((message) => [message.id, [message.visibleText, message.rawBase64 !== null]]));
    expect(bodies.get(messages.first)).toEqual([null, false]);
    expect(bodies.get(messages.reply)).toEqual([null, false]);
    expect(bodies.get(messages.autoReply)).toEqual([null, false]);
    expect(bodies.get(waiting)).toEqual(['Still to be sent.', true]);
    expect(bodies.get(later)).toEqual(['A later word.', true]);
    // Received but not yet read: not finished, so kept.
    expect(bodies.get(unread!)).toEqual([null, true]);
    expect((await store.leadHistory.history((await store.leadHistory.find(JANE))[0]!)).lead.email).toBe(JANE);
  });

  it.skipIf(engine === 'sqlite memory')('keeps a large body outside the row until it is exported, and takes it along when purged or forgotten', async () => {
    const store = await open();
    const story = storyOf(store);
    const jane = await story.arrive(WEBINAR, JANE, null, T0);
    const large = (words: string) => Buffer.from(`From: ${JANE}\r\nSubject: Notes\r\n\r\n${`${words}, line by line. `.repeat(40_000)}\r\n`);
    const written = async (bytes: Buffer) => {
      const writer = (await store.spool.createBodyFile())!;
      for (let at = 0; at < bytes.length; at += 64 * 1024) await writer.write(bytes.subarray(at, at + 64 * 1024));
      return writer.finish();
    };
    // The sweep goes by when a body was written, on the wall clock: a month on, any left is an orphan.
    const sweep = () => store.spool.sweepBodyFiles(Date.now() + 30 * DAY);
    const purged = large(JANE_WORDS);
    const id = await story.inbound(WEBINAR, JANE, jane.conversation.id, T0, 'Notes attached.', await written(purged));
    const exported = (await store.personalData.export(JANE, { now: T0, by: 'dpo' }))!.messages.find((message) => message.id === id)!;
    expect(Buffer.from(exported.rawBase64!, 'base64').equals(purged)).toBe(true);
    expect(await store.personalData.purgeBodies({ before: T0 + 1, now: T0 + DAY })).toBe(1);
    expect((await store.personalData.export(JANE, { now: T0 + DAY, by: 'dpo' }))!.messages[0]).toMatchObject({ id, rawBase64: null, visibleText: null });
    expect(await sweep()).toBe(0);

    await story.inbound(WEBINAR, JANE, jane.conversation.id, T0 + 2 * DAY, 'More notes.', await written(large('More of it')));
    expect(await store.personalData.forget(JANE, { now: T0 + 3 * DAY, by: 'dpo' })).toMatchObject({ leads: 1, messages: 2 });
    expect(await sweep()).toBe(0);
    // What a sweep would have found had either left its body behind.
    await written(large('Never accepted'));
    expect(await sweep()).toBe(1);
  });
});
