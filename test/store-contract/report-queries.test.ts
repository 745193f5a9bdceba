import { expect, it } from 'vitest';
import type { ConversationStatus } from '../../src/core/conversation-types.js';
import { NO_COUNTS, type LeadCounts, type LeadTimes } from '../../src/core/report.js';
import type { GroupAggregate } from '../../src/store/report-queries.js';
import { BY_HAND } from '../../src/store/spool.js';
import type { Store } from '../../src/store/store.js';
import { describeEachEngine } from './engines.js';
import { openThread, saveTurn, type Thread } from './story.js';

const SECOND = 1000;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const at = (text: string) => Date.parse(`${text}Z`);
const WEBINAR = 'webinar@meet.test';
const PRICING = 'pricing@meet.test';
/** Two weeks from a Monday. */
const WINDOW = { since: at('2026-03-02T00:00:00'), until: at('2026-03-16T00:00:00') };

/** The pipeline's writes, through the contract. */
function storyOf(store: Store) {
  let mails = 0;
  const save = (thread: Thread, status: ConversationStatus, hostIds: string[], now: number) => saveTurn(store, thread, status, hostIds, now);
  return {
    save,
    arrive: (campaign: string, email: string, now: number) => openThread(store, { campaign, email, name: null, subject: `Demo for ${email}`, now }),
    /** An inbound message in the thread, read by the pipeline: its visible text is what the page shows. */
    async inbound(thread: Thread, now: number, text: string | null, kind = 'human'): Promise<void> {
      const raw = Buffer.from(`Subject: Re\r\nMessage-ID: <in-${++mails}@p.test>\r\n\r\n${text ?? ''}\r\n`);
      const [id] = await store.spool.accept([{ campaign: thread.lead.campaign, envelopeFrom: thread.lead.email, envelopeTo: [thread.lead.campaign], remoteAddress: null, helo: null, raw: { bytes: raw }, receivedAt: now }]);
      const claimed = (await store.spool.claimById(id!, now, BY_HAND))!;
      await store.journal.markProcessed(
        { messageId: id!, attempt: claimed.attempts, conversationId: thread.conversation.id, headerMessageId: `<in-${mails}@p.test>`, kind, fromAddress: thread.lead.email, subject: 'Re', visibleText: text, understanding: null, authentication: null },
        now,
      );
    },
    /** The agent's offer of the hosts' times, sent `after` ms after the lead's first message. */
    async offer(thread: Thread, hostIds: string[], received: number, after: number): Promise<void> {
      const now = received + after;
      const outboundId = await store.outbox.queue(
        { campaign: thread.lead.campaign, conversationId: thread.conversation.id, kind: 'reply', messageId: `<out-${++mails}@agent.test>`, envelopeFrom: thread.lead.campaign, envelopeTo: [thread.lead.email], subject: 'Re', text: 'Times', raw: Buffer.from('Subject: Re\r\n\r\nTimes\r\n') },
        now,
      );
      await store.journal.recordOffer({ conversationId: thread.conversation.id, outboundId, hostIds, slots: [{ position: 1, start: now + DAY, end: now + DAY + HOUR / 2 }] }, now);
      await save(thread, 'offered', hostIds, now);
      await store.outbox.markSent((await store.outbox.claimNext(now, BY_HAND))!, now);
    },
    async book(thread: Thread, hostIds: string[], now: number, start: number): Promise<string> {
      const uid = `uid-${thread.lead.id}-${start}@meet.test`;
      await store.transaction(async () => {
        const verdict = await store.bookings.insertIfFree(
          { uid, leadId: thread.lead.id, conversationId: thread.conversation.id, campaign: thread.lead.campaign, hostIds, attendeeEmail: thread.lead.email, slot: { start, end: start + HOUR / 2 } },
          now,
        );
        expect(verdict.ok).toBe(true);
        await store.leads.markBooked(thread.lead.id, now);
        await save(thread, 'booked', hostIds, now);
      });
      return uid;
    },
    async outcome(uid: string, outcome: 'held' | 'no_show' | 'disqualified', reason: string | null, now: number): Promise<void> {
      await store.outcomes.record({ booking: (await store.outcomes.booking(uid))!, outcome, reason, recordedBy: 'alice', source: 'cli' }, now);
    },
  };
}

/**
 * In the window: webinar L1-L4 and pricing L5-L7; L8 at its end and L9 just before it are not.
 * First replies: 1001, 2000, 4000 (webinar), 3001, 5000, 6000 ms (pricing): six in all, whose
 * median falls on 3500.5 ms.
 */
async function seed(store: Store) {
  const story = storyOf(store);
  const lead = async (campaign: string, email: string, received: string) => ({ received: at(received), thread: await story.arrive(campaign, email, at(received)) });

  const l1 = await lead(WEBINAR, 'l1@a.test', '2026-03-02T09:00:00');
  await story.offer(l1.thread, ['alice'], l1.received, 1001);
  await story.outcome(await story.book(l1.thread, ['alice'], l1.received + 3 * HOUR, at('2026-03-05T10:00:00')), 'held', null, at('2026-03-05T11:00:00'));

  const l2 = await lead(WEBINAR, 'l2@b.test', '2026-03-03T10:00:00');
  await story.offer(l2.thread, ['bob'], l2.received, 2000);
  const moved = await story.book(l2.thread, ['bob'], l2.received + HOUR, at('2026-03-06T10:00:00'));
  await store.transaction(() => store.bookings.moveIfFree(moved, { start: at('2026-03-07T11:00:00'), end: at('2026-03-07T11:30:00') }, ['bob'], l2.received + 2 * HOUR));
  await story.outcome(moved, 'disqualified', 'no_budget', at('2026-03-07T12:00:00'));

  const l3 = await lead(WEBINAR, 'l3@c.test', '2026-03-09T08:00:00');
  await story.offer(l3.thread, ['alice'], l3.received, 4000);
  const cancelled = await story.book(l3.thread, ['alice'], l3.received + HOUR, at('2026-03-10T09:00:00'));
  await store.transaction(() => store.bookings.cancel(cancelled, l3.received + 2 * HOUR));
  await story.save(l3.thread, 'cancelled', ['alice'], l3.received + 2 * HOUR);

  const l4 = await lead(WEBINAR, 'l4@d.test', '2026-03-10T12:00:00');
  await story.save(l4.thread, 'handed_off', [], l4.received + SECOND);

  // Offered by carol, then declined with bob: carol keeps a rollup row of zeros for that day.
  const l5 = await lead(PRICING, 'l5@e.test', '2026-03-04T09:00:00');
  await story.offer(l5.thread, ['carol'], l5.received, 3001);
  await story.save(l5.thread, 'declined', ['bob'], l5.received + DAY);

  // A collective meeting, organised by alice after bob's offer.
  const l6 = await lead(PRICING, 'l6@f.test', '2026-03-11T09:00:00');
  await story.offer(l6.thread, ['bob'], l6.received, 5000);
  await story.outcome(await story.book(l6.thread, ['alice', 'bob'], l6.received + 2 * HOUR, at('2026-03-12T15:00:00')), 'disqualified', 'wrong_fit', at('2026-03-12T16:00:00'));

  const l7 = await lead(PRICING, 'l7@g.test', '2026-03-12T09:00:00');
  await story.offer(l7.thread, ['bob'], l7.received, 6000);
  await story.outcome(await story.book(l7.thread, ['bob'], l7.received + HOUR, at('2026-03-13T09:00:00')), 'disqualified', 'no_budget', at('2026-03-13T10:00:00'));

  const l8 = await lead(WEBINAR, 'l8@h.test', '2026-03-16T00:00:00');
  await story.offer(l8.thread, ['alice'], l8.received, 10);
  const l9 = await lead(WEBINAR, 'l9@i.test', '2026-03-01T23:59:59.999');
  await story.offer(l9.thread, ['bob'], l9.received, 10);
  return { story, threads: { l1, l2, l3, l4, l5, l6, l7, l8, l9 } };
}

const group = (key: string | null, counts: Partial<LeadCounts>, times: [number | null, number | null, number | null]): GroupAggregate => ({
  key,
  ...NO_COUNTS,
  ...counts,
  medianFirstReplyMs: times[0],
  medianToBookingMs: times[1],
  medianToMeetingMs: times[2],
});
const NONE: [null, null, null] = [null, null, null];
const WEBINAR_GROUP = group(WEBINAR, { leads: 4, offered: 3, replied: 3, booked: 2, cancelled: 1, held: 1, disqualified: 1, handedOff: 1 }, [2000, 2 * HOUR, 85 * HOUR]);
const PRICING_GROUP = group(PRICING, { leads: 3, offered: 3, replied: 3, booked: 2, disqualified: 2, declined: 1 }, [5000, 1.5 * HOUR, 27 * HOUR]);
const withoutMedians = (groups: GroupAggregate[]) => groups.map((row) => ({ ...row, medianFirstReplyMs: null, medianToBookingMs: null, medianToMeetingMs: null }));

describeEachEngine('report queries', (open) => {
  it('count and take the medians of the window\'s leads by campaign, rep, week and routing mode, NULL first', async () => {
    const store = await open();
    await seed(store);
    const { reports } = store;
    expect(await reports.groups(WINDOW, 'campaign')).toEqual([PRICING_GROUP, WEBINAR_GROUP]);
    expect(await reports.groups(WINDOW, 'rep')).toEqual([
      group(null, { leads: 1, handedOff: 1 }, NONE),
      group('alice', { leads: 3, offered: 3, replied: 3, booked: 2, cancelled: 1, held: 1, disqualified: 1 }, [4000, 2.5 * HOUR, 51.5 * HOUR]),
      group('bob', { leads: 3, offered: 3, replied: 3, booked: 2, disqualified: 2, declined: 1 }, [3001, HOUR, 60.5 * HOUR]),
    ]);
    expect(await reports.groups(WINDOW, 'week')).toEqual([
      group('2026-03-02', { leads: 3, offered: 3, replied: 3, booked: 2, held: 1, disqualified: 1, declined: 1 }, [2000, 2 * HOUR, 85 * HOUR]),
      group('2026-03-09', { leads: 4, offered: 3, replied: 3, booked: 2, cancelled: 1, disqualified: 2, handedOff: 1 }, [5000, 1.5 * HOUR, 27 * HOUR]),
    ]);
    expect(await reports.groups(WINDOW, 'mode', new Map([[WEBINAR, 'round_robin']]))).toEqual([
      { ...PRICING_GROUP, key: null },
      { ...WEBINAR_GROUP, key: 'round_robin' },
    ]);
    expect(await reports.groups(WINDOW, 'mode')).toEqual([
      group(null, { leads: 7, offered: 6, replied: 6, booked: 4, cancelled: 1, held: 1, disqualified: 3, handedOff: 1, declined: 1 }, [3501, 1.5 * HOUR, 51.5 * HOUR]),
    ]);
    expect(await reports.groups({ ...WINDOW, campaign: WEBINAR }, 'campaign')).toEqual([WEBINAR_GROUP]);
    expect(await reports.groups({ since: WINDOW.since - 30 * DAY, until: WINDOW.since - 29 * DAY }, 'rep')).toEqual([]);
  });

  it('take the medians of the whole window, halves of a millisecond rounded up', async () => {
    const store = await open();
    await seed(store);
    const medians: LeadTimes = { medianFirstReplyMs: 3501, medianToBookingMs: 1.5 * HOUR, medianToMeetingMs: 51.5 * HOUR };
    expect(await store.reports.medians(WINDOW)).toEqual(medians);
    expect(await store.reports.medians({ ...WINDOW, campaign: PRICING })).toEqual({ medianFirstReplyMs: 5000, medianToBookingMs: 1.5 * HOUR, medianToMeetingMs: 27 * HOUR });
    // The window's ends: L9 a millisecond before it, L8 at its (exclusive) end; both replied in 10 ms.
    expect(await store.reports.medians({ since: WINDOW.since - 1, until: WINDOW.until + 1 })).toEqual({ ...medians, medianFirstReplyMs: 2501 });
    expect(await store.reports.medians({ since: WINDOW.until + DAY, until: WINDOW.until + 2 * DAY })).toEqual({ medianFirstReplyMs: null, medianToBookingMs: null, medianToMeetingMs: null });
  });

  it('count weeks and reps from the daily rollup as the leads do, without medians, only for whole days', async () => {
    const store = await open();
    await seed(store);
    const { reports } = store;
    for (const window of [WINDOW, { ...WINDOW, campaign: PRICING }, { since: WINDOW.since - 7 * DAY, until: WINDOW.until + 7 * DAY }]) {
      for (const by of ['week', 'rep'] as const) expect(await reports.dayCounts(window, by)).toEqual(withoutMedians(await reports.groups(window, by)));
    }
    // carol's offer moved on to bob: her row of zeros is no group.
    expect((await reports.dayCounts({ ...WINDOW, campaign: PRICING }, 'rep'))!.map((row) => row.key)).toEqual(['alice', 'bob']);
    expect(await reports.dayCounts({ since: WINDOW.since + HOUR, until: WINDOW.until }, 'week')).toBeNull();
    expect(await reports.dayCounts({ since: WINDOW.since, until: WINDOW.until - 1 }, 'rep')).toBeNull();
    expect(await reports.dayCounts({ since: WINDOW.since - 30 * DAY, until: WINDOW.since - 29 * DAY }, 'rep')).toEqual([]);
  });

  it('count disqualified meetings by reason, most frequent first, then by reason', async () => {
    const store = await open();
    await seed(store);
    expect(await store.reports.disqualifiedReasons(WINDOW)).toEqual([{ reason: 'no_budget', count: 2 }, { reason: 'wrong_fit', count: 1 }]);
    expect(await store.reports.disqualifiedReasons({ ...WINDOW, campaign: PRICING })).toEqual([{ reason: 'no_budget', count: 1 }, { reason: 'wrong_fit', count: 1 }]);
    expect(await store.reports.disqualifiedReasons({ ...WINDOW, campaign: 'events@meet.test' })).toEqual([]);
  });

  it('count each host\'s confirmed meetings starting in the span, a collective one for every host, in the order asked', async () => {
    const store = await open();
    await seed(store);
    const span = { start: WINDOW.since, end: WINDOW.until };
    expect([...(await store.reports.meetingsPerHost(['carol', 'bob', 'alice'], span))]).toEqual([['carol', 0], ['bob', 3], ['alice', 2]]);
    expect([...(await store.reports.meetingsPerHost(['alice', 'bob'], { ...span, campaign: WEBINAR }))]).toEqual([['alice', 1], ['bob', 1]]);
    // The end is exclusive: the collective meeting starts exactly there.
    expect([...(await store.reports.meetingsPerHost(['alice', 'bob'], { start: span.start, end: at('2026-03-12T15:00:00') }))]).toEqual([['alice', 1], ['bob', 1]]);
    expect([...(await store.reports.meetingsPerHost([], span))]).toEqual([]);
  });

  it('count the calendars that could not be read, per host, in the span', async () => {
    const store = await open();
    const failure = (hostId: string | null, now: number, kind: 'calendar' | 'routing' = 'calendar') =>
      store.journal.decide({ conversationId: null, messageId: null, kind, actor: 'code', summary: 'calendar unreadable', detail: hostId === null ? {} : { hostId } }, now);
    await failure('bob', WINDOW.since);
    await failure('bob', WINDOW.since + DAY);
    await failure('carol', WINDOW.since + 2 * DAY);
    await failure(null, WINDOW.since + 3 * DAY);
    await failure('alice', WINDOW.until);
    await failure('alice', WINDOW.since - 1);
    await failure('alice', WINDOW.since + DAY, 'routing');
    expect([...(await store.reports.calendarFailuresPerHost({ start: WINDOW.since, end: WINDOW.until }))]).toEqual([[null, 1], ['bob', 2], ['carol', 1]]);
    expect((await store.reports.calendarFailuresPerHost({ start: WINDOW.until + 1, end: WINDOW.until + DAY })).size).toBe(0);
  });

  it('list the most recently active conversations, newest first, with the prospect\'s latest words only when asked', async () => {
    const store = await open();
    const story = storyOf(store);
    const t0 = WINDOW.since;
    const first = await story.arrive(WEBINAR, 'first@a.test', t0);
    const second = await story.arrive(PRICING, 'second@b.test', t0 + HOUR);
    const third = await story.arrive(WEBINAR, 'third@c.test', t0 + 2 * HOUR);
    await story.inbound(first, t0, 'First words.');
    await story.inbound(first, t0 + 3 * HOUR, 'Later words.');
    await story.inbound(first, t0 + 4 * HOUR, null, 'auto_reply');
    await story.offer(first, ['alice'], t0, 5 * HOUR);
    // The same instant: the newer conversation first.
    await story.save(second, 'declined', ['bob'], t0 + 5 * HOUR);
    const recent = await store.reports.recentConversations({ limit: 10, withBodies: true });
    expect(recent.map((row) => [row.id, row.updatedAt])).toEqual([
      [second.conversation.id, t0 + 5 * HOUR],
      [first.conversation.id, t0 + 5 * HOUR],
      [third.conversation.id, t0 + 2 * HOUR],
    ]);
    expect(recent[1]).toEqual({
      id: first.conversation.id, leadId: first.lead.id, email: 'first@a.test', name: null, campaign: WEBINAR, subject: 'Demo for first@a.test',
      status: 'offered', hostId: 'alice', updatedAt: t0 + 5 * HOUR, lastInboundText: 'Later words.',
    });
    expect(recent.map((row) => row.lastInboundText)).toEqual([null, 'Later words.', null]);
    expect((await store.reports.recentConversations({ limit: 10, withBodies: false })).map((row) => row.lastInboundText)).toEqual([null, null, null]);
    expect((await store.reports.recentConversations({ campaign: WEBINAR, limit: 1, withBodies: true })).map((row) => row.id)).toEqual([first.conversation.id]);
    expect(await store.reports.recentConversations({ campaign: 'events@meet.test', limit: 5, withBodies: true })).toEqual([]);
  });
});
