import { expect, it } from 'vitest';
import { BY_HAND } from '../../src/store/spool.js';
import type { Store } from '../../src/store/store.js';
import { describeEachEngine } from './engines.js';
import { openThread, type Thread } from './story.js';

const MINUTE = 60_000;
const T0 = Date.parse('2026-03-02T09:00:00.000Z');
const WEBINAR = 'webinar@meet.test';
const PRICING = 'pricing@meet.test';

function storyOf(store: Store) {
  let mails = 0;
  return {
    arrive: (campaign: string, email: string, now: number, name: string | null = null) => openThread(store, { campaign, email, name, subject: 'Demo', now }),
    /** A message in the thread from `from`, as the pipeline records it once read. */
    async inbound(thread: Thread, from: string, now: number, text: string): Promise<number> {
      const raw = Buffer.from(`From: ${from}\r\nSubject: Demo\r\nMessage-ID: <in-${++mails}@p.test>\r\n\r\n${text}\r\n`);
      const [id] = await store.spool.accept([{ campaign: thread.lead.campaign, envelopeFrom: from, envelopeTo: [thread.lead.campaign], remoteAddress: null, helo: null, raw: { bytes: raw }, receivedAt: now }]);
      const claimed = (await store.spool.claimById(id!, now, BY_HAND))!;
      await store.journal.markProcessed(
        { messageId: id!, attempt: claimed.attempts, conversationId: thread.conversation.id, headerMessageId: `<in-${mails}@p.test>`, kind: 'human', fromAddress: from, subject: 'Demo', visibleText: text, understanding: null, authentication: {} },
        now,
      );
      return id!;
    },
    async outbound(thread: Thread, now: number, text: string): Promise<number> {
      return store.outbox.queue(
        { campaign: thread.lead.campaign, conversationId: thread.conversation.id, kind: 'reply', messageId: `<out-${++mails}@agent.test>`, envelopeFrom: thread.lead.campaign, envelopeTo: [thread.lead.email], subject: 'Re: Demo', text, raw: Buffer.from(`Subject: Re: Demo\r\n\r\n${text}\r\n`) },
        now,
      );
    },
  };
}

describeEachEngine('lead history', (open) => {
  it('finds leads by id, by their address on every campaign or one, and by a colleague\'s address', async () => {
    const store = await open();
    const story = storyOf(store);
    const jane = await story.arrive(WEBINAR, 'jane@a.test', T0, 'Jane');
    const janeAgain = await story.arrive(PRICING, 'jane@a.test', T0 + MINUTE);
    const other = await story.arrive(WEBINAR, 'raj@b.test', T0 + 2 * MINUTE);
    await store.leads.addContact(jane.lead.id, 'sam@a.test', 'Sam', T0 + 3 * MINUTE);
    const summary = (thread: Thread, name: string | null, receivedAt: number) => ({ id: thread.lead.id, campaign: thread.lead.campaign, email: thread.lead.email, name, receivedAt, status: 'new' });

    expect(await store.leadHistory.find(String(other.lead.id))).toEqual([summary(other, null, T0 + 2 * MINUTE)]);
    expect(await store.leadHistory.find(`00${jane.lead.id}`)).toEqual([summary(jane, 'Jane', T0)]);
    expect(await store.leadHistory.find('9999')).toEqual([]);
    expect(await store.leadHistory.find('99999999999999999999999')).toEqual([]);
    expect(await store.leadHistory.find('Jane@A.test')).toEqual([summary(jane, 'Jane', T0), summary(janeAgain, null, T0 + MINUTE)]);
    expect(await store.leadHistory.find('jane@a.test', PRICING)).toEqual([summary(janeAgain, null, T0 + MINUTE)]);
    expect(await store.leadHistory.find('sam@a.test')).toEqual([summary(jane, 'Jane', T0)]);
    expect(await store.leadHistory.find('sam@a.test', PRICING)).toEqual([]);
    expect(await store.leadHistory.find('nobody@c.test')).toEqual([]);
  });

  it('tells a lead\'s story: contacts, meetings with their outcomes, then messages and decisions in the order they happened', async () => {
    const store = await open();
    const story = storyOf(store);
    const jane = await story.arrive(WEBINAR, 'jane@a.test', T0, 'Jane');
    // Another lead's thread stays out of Jane's story.
    const other = await story.arrive(WEBINAR, 'raj@b.test', T0);
    await story.inbound(other, 'raj@b.test', T0, 'Not Jane.');
    const first = await story.inbound(jane, 'jane@a.test', T0, 'Hello, a demo please.');
    // One pipeline transaction: the message read, why the agent acted, what it sent, at one instant.
    const reply = await story.outbound(jane, T0 + MINUTE, 'Here are three times.');
    await store.journal.decide({ conversationId: jane.conversation.id, messageId: first, kind: 'step', actor: 'rules', summary: 'new -> offered: offer (alice)', detail: { slots: [1, 2, 3], why: { zone: 'UTC' } } }, T0 + MINUTE);
    await store.leads.addContact(jane.lead.id, 'sam@a.test', null, T0 + 2 * MINUTE);
    const colleague = await story.inbound(jane, 'sam@a.test', T0 + 2 * MINUTE, 'Adding myself.');
    const start = Date.parse('2026-03-05T10:00:00.000Z');
    const booking = (hostIds: string[], uid: string, slotStart: number) =>
      store.transaction(() =>
        store.bookings.insertIfFree({ uid, leadId: jane.lead.id, conversationId: jane.conversation.id, campaign: WEBINAR, hostIds, attendeeEmail: 'jane@a.test', slot: { start: slotStart, end: slotStart + 30 * MINUTE } }, T0 + 3 * MINUTE),
      );
    await booking(['alice'], 'first@meet.test', start);
    await store.transaction(() => store.bookings.cancel('first@meet.test', T0 + 4 * MINUTE));
    await booking(['bob', 'alice'], 'second@meet.test', start + 60 * MINUTE);
    await store.transaction(() => store.bookings.moveIfFree('second@meet.test', { start: start + 120 * MINUTE, end: start + 150 * MINUTE }, ['bob', 'alice'], T0 + 5 * MINUTE));
    const second = (await store.outcomes.booking('second@meet.test'))!;
    await store.outcomes.record({ booking: second, outcome: 'disqualified', reason: 'no_budget', recordedBy: 'bob', source: 'link' }, start + 200 * MINUTE);

    const [lead] = await store.leadHistory.find('jane@a.test');
    const history = await store.leadHistory.history(lead!);
    expect(history.lead).toEqual(lead);
    expect(history.contacts).toEqual(['jane@a.test', 'sam@a.test']);
    expect(history.meetings).toEqual([
      { id: expect.any(Number), uid: 'first@meet.test', hostId: 'alice', start, status: 'cancelled', sequence: 1, outcome: null, reason: null, recordedBy: null },
      { id: second.id, uid: 'second@meet.test', hostId: 'bob', start: start + 120 * MINUTE, status: 'confirmed', sequence: 1, outcome: 'disqualified', reason: 'no_budget', recordedBy: 'bob' },
    ]);
    expect(history.entries.map((entry) => [entry.type, entry.id, entry.at])).toEqual([
      ['message', first, T0],
      ['decision', expect.any(Number), T0 + MINUTE],
      ['message', reply, T0 + MINUTE],
      ['message', colleague, T0 + 2 * MINUTE],
      ['decision', expect.any(Number), start + 200 * MINUTE],
    ]);
    expect(history.entries[0]).toEqual({ type: 'message', at: T0, id: first, direction: 'in', kind: 'human', from: 'jane@a.test', subject: 'Demo', text: 'Hello, a demo please.', status: 'processed' });
    expect(history.entries[1]).toEqual({ type: 'decision', at: T0 + MINUTE, id: expect.any(Number), kind: 'step', actor: 'rules', summary: 'new -> offered: offer (alice)', detail: { slots: [1, 2, 3], why: { zone: 'UTC' } } });
    expect(history.entries[2]).toMatchObject({ direction: 'out', kind: 'reply', from: WEBINAR, subject: 'Re: Demo', text: 'Here are three times.', status: 'queued' });
    expect(history.entries[4]).toMatchObject({ type: 'decision', kind: 'outcome' });
  });

  it('tells the story of a lead with nothing yet but its first message', async () => {
    const store = await open();
    const story = storyOf(store);
    const quiet = await story.arrive(PRICING, 'quiet@c.test', T0);
    const [lead] = await store.leadHistory.find(String(quiet.lead.id));
    expect(await store.leadHistory.history(lead!)).toEqual({ lead, contacts: ['quiet@c.test'], meetings: [], entries: [] });
  });
});
