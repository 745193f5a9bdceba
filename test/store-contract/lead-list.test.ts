import { expect, it } from 'vitest';
import type { ConversationStatus } from '../../src/core/conversation-types.js';
import type { LeadFilter, LeadListRow, LeadPage } from '../../src/store/lead-list.js';
import { BY_HAND } from '../../src/store/spool.js';
import type { Store } from '../../src/store/store.js';
import { describeEachEngine } from './engines.js';
import { openThread, saveTurn, type Thread } from './story.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const T0 = Date.parse('2026-03-02T09:00:00.000Z');
const WEBINAR = 'webinar@meet.test';
const PRICING = 'pricing@meet.test';
const ALL: LeadFilter = { campaign: null, state: null, meeting: null, rep: null, since: null, until: null };

function storyOf(store: Store) {
  let mails = 0;
  const save = (thread: Thread, status: ConversationStatus, hostIds: string[], now: number) => saveTurn(store, thread, status, hostIds, now);
  return {
    save,
    arrive: (campaign: string, email: string, now: number, name: string | null = null) => openThread(store, { campaign, email, name, subject: 'Demo', now }),
    async reply(thread: Thread, hostIds: string[], now: number): Promise<void> {
      await store.outbox.queue(
        { campaign: thread.lead.campaign, conversationId: thread.conversation.id, kind: 'reply', messageId: `<out-${++mails}@agent.test>`, envelopeFrom: thread.lead.campaign, envelopeTo: [thread.lead.email], subject: 'Re', text: 'Times', raw: Buffer.from('Subject: Re\r\n\r\nTimes\r\n') },
        now,
      );
      await store.outbox.markSent((await store.outbox.claimNext(now, BY_HAND))!, now);
      await save(thread, 'offered', hostIds, now);
    },
    async book(thread: Thread, hostIds: string[], now: number, start: number): Promise<string> {
      const uid = `uid-${thread.lead.id}-${start}@meet.test`;
      await store.transaction(async () => {
        await store.bookings.insertIfFree(
          { uid, leadId: thread.lead.id, conversationId: thread.conversation.id, campaign: thread.lead.campaign, hostIds, attendeeEmail: thread.lead.email, slot: { start, end: start + 30 * MINUTE } },
          now,
        );
        await save(thread, 'booked', hostIds, now);
      });
      return uid;
    },
    async outcome(uid: string, outcome: 'held' | 'no_show' | 'disqualified', now: number): Promise<void> {
      const booking = (await store.outcomes.booking(uid))!;
      await store.outcomes.record({ booking, outcome, reason: outcome === 'disqualified' ? 'no_budget' : null, recordedBy: 'alice', source: 'cli' }, now);
    },
  };
}

async function allPages(store: Store, filter: LeadFilter, limit: number): Promise<LeadPage[]> {
  const pages = [await store.leadList.page(filter, null, limit)];
  while (pages[pages.length - 1]!.next) pages.push(await store.leadList.page(filter, pages[pages.length - 1]!.next, limit));
  return pages;
}

const ids = (rows: LeadListRow[]) => rows.map((row) => row.id);

describeEachEngine('lead list', (open) => {
  it('lists leads newest first, a tie on the first message by the newer lead first, with its facts', async () => {
    const store = await open();
    const story = storyOf(store);
    const older = await story.arrive(WEBINAR, 'older@a.test', T0, 'Ann Older');
    const tieA = await story.arrive(WEBINAR, 'tie-a@b.test', T0 + HOUR);
    const tieB = await story.arrive(PRICING, 'tie-b@c.test', T0 + HOUR);
    const newest = await story.arrive(PRICING, 'newest@d.test', T0 + 2 * HOUR);
    await story.reply(older, ['alice'], T0 + 1500);
    const meeting = Date.parse('2026-03-05T10:00:00.000Z');
    await story.book(older, ['bob'], T0 + HOUR, meeting);
    const page = await store.leadList.page(ALL, null, 10);
    expect(ids(page.leads)).toEqual([newest.lead.id, tieB.lead.id, tieA.lead.id, older.lead.id]);
    expect(page.next).toBeNull();
    expect(page.leads[3]).toEqual({
      id: older.lead.id, campaign: WEBINAR, name: 'Ann Older', email: 'older@a.test', receivedAt: T0, state: 'booked',
      rep: 'bob', meetingStart: meeting, meetingStatus: 'confirmed', firstReplyMs: 1500,
    });
    expect(page.leads[0]).toEqual({
      id: newest.lead.id, campaign: PRICING, name: null, email: 'newest@d.test', receivedAt: T0 + 2 * HOUR, state: 'new',
      rep: null, meetingStart: null, meetingStatus: null, firstReplyMs: null,
    });
    expect(await store.leadList.page({ ...ALL, campaign: 'events@meet.test' }, null, 10)).toEqual({ leads: [], next: null });
  });

  it('pages by keyset: every lead once and in order, whatever the page size; the last page says so', async () => {
    const store = await open();
    const story = storyOf(store);
    // Seven leads on four instants: ties fall across page boundaries.
    for (const [index, offset] of [0, 0, 1, 1, 1, 2, 3].entries()) await story.arrive(index % 2 ? WEBINAR : PRICING, `p${index}@x.test`, T0 + offset * HOUR);
    const whole = (await store.leadList.page(ALL, null, 100)).leads;
    expect(whole).toHaveLength(7);
    for (const limit of [1, 2, 3, 6, 7, 8]) {
      const pages = await allPages(store, ALL, limit);
      expect(pages.flatMap((page) => ids(page.leads)), `pages of ${limit}`).toEqual(ids(whole));
      expect(pages.length, `pages of ${limit}`).toBe(Math.max(1, Math.ceil(7 / limit)));
      for (const page of pages.slice(0, -1)) {
        const last = page.leads[page.leads.length - 1]!;
        expect(page.next).toEqual({ receivedAt: last.receivedAt, id: last.id });
      }
    }
    const after = whole[2]!;
    expect(ids((await store.leadList.page(ALL, { receivedAt: after.receivedAt, id: after.id }, 100)).leads)).toEqual(ids(whole.slice(3)));
    expect(await store.leadList.page(ALL, { receivedAt: T0 - 1, id: 1 }, 5)).toEqual({ leads: [], next: null });
  });

  it('filters by campaign, state, what became of the meeting, rep and first message time', async () => {
    const store = await open();
    const story = storyOf(store);
    const at = (hours: number) => T0 + hours * HOUR;
    const held = await story.arrive(WEBINAR, 'held@a.test', at(0));
    const noShow = await story.arrive(WEBINAR, 'noshow@b.test', at(1));
    const disqualified = await story.arrive(PRICING, 'dq@c.test', at(2));
    const cancelled = await story.arrive(PRICING, 'cancelled@d.test', at(3));
    const booked = await story.arrive(WEBINAR, 'booked@e.test', at(4));
    const declined = await story.arrive(WEBINAR, 'declined@f.test', at(5));
    const fresh = await story.arrive(PRICING, 'fresh@g.test', at(6));
    const meeting = (hours: number) => Date.parse('2026-03-10T00:00:00.000Z') + hours * HOUR;
    await story.outcome(await story.book(held, ['alice'], at(0.5), meeting(0)), 'held', meeting(1));
    await story.outcome(await story.book(noShow, ['bob'], at(1.5), meeting(1)), 'no_show', meeting(2));
    await story.outcome(await story.book(disqualified, ['bob', 'alice'], at(2.5), meeting(2)), 'disqualified', meeting(3));
    const gone = await story.book(cancelled, ['alice'], at(3.5), meeting(3));
    await store.transaction(() => store.bookings.cancel(gone, at(3.6)));
    await story.save(cancelled, 'cancelled', ['alice'], at(3.6));
    await story.book(booked, ['carol'], at(4.5), meeting(4));
    await story.reply(declined, ['bob'], at(5.5));
    await story.save(declined, 'declined', ['bob'], at(5.6));
    const list = async (filter: Partial<LeadFilter>) => ids((await store.leadList.page({ ...ALL, ...filter }, null, 100)).leads);
    expect(await list({ campaign: PRICING })).toEqual([fresh.lead.id, cancelled.lead.id, disqualified.lead.id]);
    expect(await list({ state: 'declined' })).toEqual([declined.lead.id]);
    expect(await list({ state: 'new' })).toEqual([fresh.lead.id]);
    expect(await list({ meeting: 'booked' })).toEqual([booked.lead.id, disqualified.lead.id, noShow.lead.id, held.lead.id]);
    expect(await list({ meeting: 'cancelled' })).toEqual([cancelled.lead.id]);
    expect(await list({ meeting: 'held' })).toEqual([held.lead.id]);
    expect(await list({ meeting: 'no_show' })).toEqual([noShow.lead.id]);
    expect(await list({ meeting: 'disqualified' })).toEqual([disqualified.lead.id]);
    // The rep of the conversation or of the meeting: the collective meeting's organiser is bob.
    expect(await list({ rep: 'bob' })).toEqual([declined.lead.id, disqualified.lead.id, noShow.lead.id]);
    expect(await list({ rep: 'carol' })).toEqual([booked.lead.id]);
    expect(await list({ since: at(2), until: at(4) })).toEqual([cancelled.lead.id, disqualified.lead.id]);
    expect(await list({ campaign: WEBINAR, meeting: 'booked', rep: 'alice', since: at(0), until: at(1) })).toEqual([held.lead.id]);
    const pages = await allPages(store, { ...ALL, meeting: 'booked' }, 3);
    expect(pages.map((page) => ids(page.leads))).toEqual([[booked.lead.id, disqualified.lead.id, noShow.lead.id], [held.lead.id]]);
  });

  it('queues handed-off leads the longest waiting first, with why; "taken" takes one off until it is handed over again', async () => {
    const store = await open();
    const story = storyOf(store);
    const byDecision = await story.arrive(WEBINAR, 'decision@a.test', T0);
    const byStep = await story.arrive(WEBINAR, 'step@b.test', T0 + MINUTE);
    const unexplained = await story.arrive(PRICING, 'quiet@c.test', T0 + 2 * MINUTE);
    const notHanded = await story.arrive(PRICING, 'offered@d.test', T0 + 3 * MINUTE);
    const decide = (thread: Thread, kind: 'handoff' | 'step', summary: string, detail: unknown, now: number) =>
      store.journal.decide({ conversationId: thread.conversation.id, messageId: null, kind, actor: 'code', summary, detail }, now);
    await decide(byDecision, 'handoff', 'the message could not be read', {}, T0 + 3 * HOUR);
    await story.save(byDecision, 'handed_off', [], T0 + 3 * HOUR);
    await decide(byStep, 'step', 'offered -> handed_off: ask a person', { effects: [{ kind: 'send' }, { kind: 'hand_to_human', reason: 'wants a discount' }] }, T0 + HOUR);
    await decide(byStep, 'step', 'new -> offered: offer (alice)', {}, T0 + 2 * HOUR);
    await story.save(byStep, 'handed_off', ['alice'], T0 + HOUR);
    await story.save(unexplained, 'handed_off', [], T0 + 2 * HOUR);
    await story.reply(notHanded, ['bob'], T0 + HOUR);

    const queue = await store.leadList.handoffs(10);
    expect(queue.map((row) => [row.id, row.handedOffAt, row.reason])).toEqual([
      [byStep.lead.id, T0 + HOUR, 'wants a discount'],
      [unexplained.lead.id, T0 + 2 * HOUR, 'handed to a person'],
      [byDecision.lead.id, T0 + 3 * HOUR, 'the message could not be read'],
    ]);
    expect(queue[0]).toMatchObject({ email: 'step@b.test', state: 'handed_off', rep: 'alice', campaign: WEBINAR });
    expect((await store.leadList.handoffs(1)).map((row) => row.id)).toEqual([byStep.lead.id]);
    expect(await store.leadList.isWaiting(byStep.lead.id)).toBe(true);
    expect(await store.leadList.isWaiting(notHanded.lead.id)).toBe(false);
    expect(await store.leadList.isWaiting(9999)).toBe(false);

    expect(await store.leadList.acknowledge(byStep.lead.id, T0 + 4 * HOUR)).toBe(true);
    expect(await store.leadList.acknowledge(byStep.lead.id, T0 + 5 * HOUR)).toBe(false);
    expect(await store.leadList.acknowledge(notHanded.lead.id, T0 + 5 * HOUR)).toBe(false);
    expect(await store.leadList.acknowledge(9999, T0 + 5 * HOUR)).toBe(false);
    expect(await store.leadList.isWaiting(byStep.lead.id)).toBe(false);
    expect((await store.leadList.handoffs(10)).map((row) => row.id)).toEqual([unexplained.lead.id, byDecision.lead.id]);

    // Back to the agent, then handed over again: waiting once more, from the new hand-off.
    await story.save(byStep, 'offered', ['alice'], T0 + 6 * HOUR);
    await story.save(byStep, 'handed_off', ['alice'], T0 + 7 * HOUR);
    expect(await store.leadList.isWaiting(byStep.lead.id)).toBe(true);
    expect((await store.leadList.handoffs(10)).map((row) => [row.id, row.handedOffAt])).toEqual([
      [unexplained.lead.id, T0 + 2 * HOUR],
      [byDecision.lead.id, T0 + 3 * HOUR],
      [byStep.lead.id, T0 + 7 * HOUR],
    ]);
  });
});
