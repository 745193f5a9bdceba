import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { INITIAL_STATE, type ConversationStatus } from '../../src/core/conversation-types.js';
import type { MeetingOutcome } from '../../src/core/report-outcome.js';
import type { LeadFilter } from '../../src/store/lead-list.js';
import type { LeadWindow, ReportDimension } from '../../src/store/report-queries.js';
import { BY_HAND } from '../../src/store/spool.js';
import type { Store } from '../../src/store/store.js';
import { openPostgresStore } from '../../src/store/postgres/store.js';
import { openSqliteStore } from '../../src/store/sqlite/store.js';
import { describeWithPostgres, postgresDatabase, type TestDatabase } from '../support/postgres.js';
import { saveTurn, type Thread } from './story.js';

/**
 * Issue 16, item 10: one history, written through the store contract into SQLite and into
 * PostgreSQL, must give the same report, lead list and lead histories, row for row. Every
 * engine difference a reader of a report would see (a count, a median's rounding, a group's
 * order, a page boundary) fails here.
 */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const at = (text: string) => Date.parse(`${text}Z`);

const WEBINAR = 'webinar@meet.test';
const PRICING = 'Pricing@meet.test';
const EVENTS = 'events@meet.test';
const HOSTS: Record<string, string[][]> = {
  [WEBINAR]: [['alice'], ['bob'], ['alice', 'bob']],
  [PRICING]: [['bob'], ['carol']],
  [EVENTS]: [['carol'], ['alice']],
};
const MODES = new Map([
  [WEBINAR, 'round_robin'],
  [PRICING, 'priority'],
]);

/** Five weeks from a Monday; the history starts a week before and ends a week after. */
const WINDOW = { since: at('2026-03-02T00:00:00'), until: at('2026-04-06T00:00:00') };
const FIRST = WINDOW.since - 7 * DAY;
const SPAN = 49 * DAY;
/** Every lead and meeting of the history, those of the window and outside it. */
const HISTORY = { since: FIRST - DAY, until: FIRST + SPAN + 400 * DAY };

/** What becomes of a lead; every campaign has one of each. */
const FATES = [
  'silent', 'asked', 'offered', 'held', 'no_show', 'disqualified', 'booked', 'moved', 'cancelled',
  'rebooked', 'declined', 'unsubscribed', 'stalled', 'handed_off', 'handed_off_by_step', 'taken',
] as const;
const REASONS = ['no_budget', 'wrong_fit', 'no_budget', 'competitor'];

/** A small linear congruential generator: the same history on every run and for both engines. */
function random(seed: number) {
  let state = seed;
  return (below: number) => {
    state = (Math.imul(state, 1_103_515_245) + 12_345) & 0x7fffffff;
    return Math.floor((state / 2 ** 31) * below);
  };
}

/** Writes as the pipeline does, one contract call per step. */
function storyOf(store: Store) {
  let mails = 0;
  const save = (thread: Thread, status: ConversationStatus, hostIds: string[], now: number) => saveTurn(store, thread, status, hostIds, now);
  const inbound = async (campaign: string, from: string, subject: string, text: string, now: number) => {
    const raw = Buffer.from(`From: ${from}\r\nTo: ${campaign}\r\nSubject: ${subject}\r\nMessage-ID: <in-${++mails}@prospect.test>\r\n\r\n${text}\r\n`);
    const [id] = await store.spool.accept([{ campaign, envelopeFrom: from, envelopeTo: [campaign], remoteAddress: '192.0.2.7', helo: 'mx.prospect.test', raw: { bytes: raw }, receivedAt: now }]);
    const claimed = (await store.spool.claimById(id!, now, BY_HAND))!;
    return { id: id!, attempt: claimed.attempts, headerMessageId: `<in-${mails}@prospect.test>` };
  };
  const processed = (message: { id: number; attempt: number; headerMessageId: string }, conversationId: number | null, kind: string, from: string, subject: string, text: string | null, now: number) =>
    store.journal.markProcessed(
      { messageId: message.id, attempt: message.attempt, conversationId, headerMessageId: message.headerMessageId, kind, fromAddress: from, subject, visibleText: text, understanding: null, authentication: { spf: 'pass' } },
      now,
    );

  return {
    async arrive(campaign: string, email: string, name: string | null, now: number, subject: string, text: string): Promise<Thread> {
      const message = await inbound(campaign, email, subject, text, now);
      return store.transaction(async () => {
        const { lead } = await store.leads.findOrCreate({ campaign, email, name, receivedAt: now });
        const conversation = await store.conversations.create(
          { leadId: lead.id, campaign, token: `t${lead.id}-${campaign}`, state: INITIAL_STATE, prospectZone: 'Europe/Paris', subject, language: null },
          now,
        );
        await processed(message, conversation.id, 'human', email, subject, text, now);
        return { lead, conversation };
      });
    },

    /** Another message in the thread; a colleague's joins the lead as a contact. */
    async say(thread: Thread, from: string, now: number, text: string): Promise<void> {
      const message = await inbound(thread.lead.campaign, from, `Re: ${thread.conversation.subject}`, text, now);
      await store.transaction(async () => {
        if (from !== thread.lead.email) await store.leads.addContact(thread.lead.id, from, null, now);
        await processed(message, thread.conversation.id, 'human', from, `Re: ${thread.conversation.subject}`, text, now);
      });
    },

    /** The agent's answer, queued at `now` and sent at `sent`; with hosts, an offer of three times. */
    async reply(thread: Thread, now: number, sent: number, hostIds: string[] | null): Promise<void> {
      await store.transaction(async () => {
        const outboundId = await store.outbox.queue(
          {
            campaign: thread.lead.campaign, conversationId: thread.conversation.id, kind: 'reply', messageId: `<out-${++mails}@agent.test>`,
            envelopeFrom: thread.lead.campaign, envelopeTo: [thread.lead.email], subject: `Re: ${thread.conversation.subject}`,
            text: hostIds ? 'Here are three times.' : 'Could you tell me more?', raw: Buffer.from(`Subject: Re: ${thread.conversation.subject}\r\n\r\nHello\r\n`),
          },
          now,
        );
        if (!hostIds) return;
        const slots = [1, 2, 3].map((position) => ({ position, start: now + position * DAY, end: now + position * DAY + 30 * MINUTE }));
        await store.journal.recordOffer({ conversationId: thread.conversation.id, outboundId, hostIds, slots }, now);
        await store.journal.decide({ conversationId: thread.conversation.id, messageId: null, kind: 'step', actor: 'rules', summary: `new -> offered: offer (${hostIds.join('+')})`, detail: { slots } }, now);
        await save(thread, 'offered', hostIds, now);
      });
      const mail = (await store.outbox.claimNext(sent, BY_HAND))!;
      await store.outbox.markSent(mail, sent);
    },

    async book(thread: Thread, hostIds: string[], now: number, start: number, uid: string): Promise<void> {
      await store.transaction(async () => {
        const verdict = await store.bookings.insertIfFree(
          { uid, leadId: thread.lead.id, conversationId: thread.conversation.id, campaign: thread.lead.campaign, hostIds, attendeeEmail: thread.lead.email, slot: { start, end: start + 30 * MINUTE } },
          now,
        );
        if (!verdict.ok) throw new Error(`the seed booked ${uid} on a taken slot`);
        await store.leads.markBooked(thread.lead.id, now);
        await save(thread, 'booked', hostIds, now);
      });
    },

    async move(thread: Thread, uid: string, hostIds: string[], now: number, start: number): Promise<void> {
      await store.transaction(async () => {
        await store.bookings.moveIfFree(uid, { start, end: start + 30 * MINUTE }, hostIds, now);
        await save(thread, 'booked', hostIds, now);
      });
    },

    async cancel(thread: Thread, uid: string, now: number): Promise<void> {
      await store.transaction(async () => {
        await store.bookings.cancel(uid, now);
        await save(thread, 'cancelled', thread.conversation.state.hostIds, now);
      });
    },

    async outcome(uid: string, outcome: MeetingOutcome, reason: string | null, now: number): Promise<void> {
      const booking = (await store.outcomes.booking(uid))!;
      await store.outcomes.record({ booking, outcome, reason, recordedBy: booking.hostId, source: 'link' }, now);
    },

    async become(thread: Thread, status: ConversationStatus, now: number, hostIds = thread.conversation.state.hostIds): Promise<void> {
      await save(thread, status, hostIds, now);
    },

    async handOff(thread: Thread, now: number, reason: string, how: 'handoff' | 'step'): Promise<void> {
      await store.transaction(async () => {
        if (how === 'handoff') {
          await store.journal.decide({ conversationId: thread.conversation.id, messageId: null, kind: 'handoff', actor: 'code', summary: reason, detail: {} }, now);
        } else {
          await store.journal.decide({
            conversationId: thread.conversation.id, messageId: null, kind: 'step', actor: 'llm', summary: `${thread.conversation.state.status} -> handed_off: hand to a person`,
            detail: { effects: [{ kind: 'hand_to_human', reason }] },
          }, now);
        }
        await save(thread, 'handed_off', thread.conversation.state.hostIds, now);
      });
    },

    calendarFailure: (hostId: string | null, now: number) =>
      store.journal.decide({ conversationId: null, messageId: null, kind: 'calendar', actor: 'code', summary: 'a calendar was unreadable', detail: hostId === null ? {} : { hostId } }, now),
  };
}

/** The history both engines get: every fate on every campaign, at times spread over seven weeks. */
async function seed(store: Store): Promise<void> {
  const story = storyOf(store);
  const pick = random(20_261_208);
  // Every meeting has a half hour of its own: no seed booking is refused on either engine.
  const taken = new Set<number>();
  const slotAfter = (time: number) => {
    let start = Math.ceil(time / (30 * MINUTE)) * 30 * MINUTE;
    while (taken.has(start)) start += 30 * MINUTE;
    taken.add(start);
    return start;
  };
  let n = 0;
  for (const campaign of [WEBINAR, PRICING, EVENTS]) {
    for (const [index, fate] of FATES.entries()) {
      for (let copy = 0; copy < (campaign === WEBINAR ? 2 : 1); copy++) {
        n++;
        const received = FIRST + pick(SPAN / MINUTE) * MINUTE + pick(1000);
        const hostIds = HOSTS[campaign]![(index + copy) % HOSTS[campaign]!.length]!;
        const thread = await story.arrive(campaign, `p${n}@prospect${n % 4}.test`, n % 3 === 0 ? null : `Prospect ${n}`, received, `Demo ${n}`, `Hello, this is prospect ${n}.`);
        if (n % 5 === 0) await story.say(thread, `colleague${n}@prospect${n % 4}.test`, received + 20 * MINUTE, 'Adding myself to this.');
        if (fate === 'silent') continue;
        // Replies from half a second to two hours: even groups give medians on half a millisecond.
        const sent = received + 500 + pick(2 * HOUR);
        await story.reply(thread, received + 100, sent, fate === 'asked' ? null : hostIds);
        const later = sent + (1 + pick(48)) * HOUR;
        const start = slotAfter(later + (1 + pick(10)) * DAY);
        const uid = `uid-${n}@meet.test`;
        switch (fate) {
          case 'held':
          case 'no_show':
          case 'disqualified':
          case 'booked':
            await story.book(thread, hostIds, later, start, uid);
            if (fate !== 'booked') await story.outcome(uid, fate, fate === 'disqualified' ? REASONS[n % REASONS.length]! : null, start + HOUR);
            break;
          case 'moved':
            await story.book(thread, hostIds, later, start, uid);
            const moved = slotAfter(start + 2 * DAY);
            await story.move(thread, uid, [...hostIds].reverse(), later + HOUR, moved);
            if (n % 2 === 0) await story.outcome(uid, 'held', null, moved + HOUR);
            break;
          case 'cancelled':
            await story.book(thread, hostIds, later, start, uid);
            await story.cancel(thread, uid, later + 2 * HOUR);
            break;
          case 'rebooked':
            await story.book(thread, hostIds, later, start, uid);
            await story.cancel(thread, uid, later + HOUR);
            await story.book(thread, hostIds, later + 2 * HOUR, slotAfter(start + 3 * DAY), `re-${uid}`);
            break;
          case 'declined':
          case 'unsubscribed':
          case 'stalled':
            await story.become(thread, fate, later);
            break;
          case 'handed_off':
          case 'taken':
            // Some hand-offs have no rep: the report's group without a key.
            await story.handOff(thread, later, 'asked about pricing', 'handoff');
            if (fate === 'taken') await store.leadList.acknowledge(thread.lead.id, later + HOUR);
            break;
          case 'handed_off_by_step':
            await story.become(thread, 'new', later - MINUTE, []);
            await story.handOff(thread, later, 'wants a contract review', 'step');
            break;
          case 'offered':
          case 'asked':
            break;
        }
      }
    }
  }
  for (const [hostId, day] of [['bob', 3], ['bob', 10], ['carol', 12], [null, 20]] as const) {
    await story.calendarFailure(hostId, WINDOW.since + day * DAY);
  }
}

const DIMENSIONS: ReportDimension[] = ['campaign', 'rep', 'week', 'mode'];
const WINDOWS: Array<[string, LeadWindow]> = [
  ['the window', WINDOW],
  ['one campaign', { ...WINDOW, campaign: WEBINAR }],
  ['the other campaign', { ...WINDOW, campaign: PRICING }],
  ['the whole history', HISTORY],
  ['a window within days', { since: WINDOW.since + 5 * HOUR + 17, until: WINDOW.until - 3 * HOUR }],
  ['an empty window', { since: FIRST - 30 * DAY, until: FIRST - 20 * DAY }],
];
const NO_FILTER: LeadFilter = { campaign: null, state: null, meeting: null, rep: null, since: null, until: null };
const FILTERS: Array<[string, Partial<LeadFilter>]> = [
  ['every lead', {}],
  ['one campaign', { campaign: PRICING }],
  ['booked', { meeting: 'booked' }],
  ['cancelled', { meeting: 'cancelled' }],
  ['held', { meeting: 'held' }],
  ['disqualified', { meeting: 'disqualified' }],
  ['handed off', { state: 'handed_off' }],
  ['a rep', { rep: 'bob' }],
  ['the window', { since: WINDOW.since, until: WINDOW.until }],
];

/** Everything a reader of the reports, the lead list and `explain` sees, by name. */
async function observe(store: Store): Promise<Array<[string, unknown]>> {
  const seen: Array<[string, unknown]> = [];
  const { reports } = store;
  for (const [name, window] of WINDOWS) {
    for (const by of DIMENSIONS) seen.push([`groups by ${by}, ${name}`, await reports.groups(window, by, MODES)]);
    seen.push([`groups by mode without modes, ${name}`, await reports.groups(window, 'mode')]);
    for (const by of ['week', 'rep'] as const) seen.push([`day counts by ${by}, ${name}`, await reports.dayCounts(window, by)]);
    seen.push([`medians, ${name}`, await reports.medians(window)]);
    seen.push([`disqualified reasons, ${name}`, await reports.disqualifiedReasons(window)]);
  }
  const hosts = ['alice', 'bob', 'carol', 'nobody'];
  for (const span of [{ start: WINDOW.since, end: WINDOW.until }, { start: HISTORY.since, end: HISTORY.until }, { start: HISTORY.since, end: HISTORY.until, campaign: WEBINAR }]) {
    seen.push([`meetings per host ${JSON.stringify(span)}`, [...(await reports.meetingsPerHost(hosts, span))]]);
  }
  seen.push(['calendar failures per host', [...(await reports.calendarFailuresPerHost({ start: WINDOW.since, end: WINDOW.until }))]]);
  seen.push(['calendar failures in a part', [...(await reports.calendarFailuresPerHost({ start: WINDOW.since + 4 * DAY, end: WINDOW.since + 12 * DAY }))]]);
  for (const input of [{ limit: 12, withBodies: true }, { limit: 100, withBodies: false }, { campaign: EVENTS, limit: 5, withBodies: true }]) {
    seen.push([`recent conversations ${JSON.stringify(input)}`, await reports.recentConversations(input)]);
  }
  for (const [name, filter] of FILTERS) {
    for (const limit of [7, 50]) {
      const pages = [];
      for (let page = await store.leadList.page({ ...NO_FILTER, ...filter }, null, limit); ; ) {
        pages.push(page);
        if (!page.next) break;
        page = await store.leadList.page({ ...NO_FILTER, ...filter }, page.next, limit);
      }
      seen.push([`lead list, ${name}, pages of ${limit}`, pages]);
    }
  }
  seen.push(['hand-off queue', await store.leadList.handoffs(100)]);
  for (const reference of ['1', '17', 'p5@prospect1.test', 'colleague10@prospect2.test', 'P20@Prospect0.test', 'nobody@nowhere.test']) {
    const found = await store.leadHistory.find(reference);
    seen.push([`explain ${reference}`, { found, histories: await Promise.all(found.map((lead) => store.leadHistory.history(lead))) }]);
  }
  for (const email of ['p7@prospect3.test', 'colleague15@prospect3.test', 'p10@prospect2.test']) {
    seen.push([`meetings of ${email}`, await store.personalData.meetings(email)]);
    seen.push([`export of ${email}`, await store.personalData.export(email, { now: HISTORY.until, by: 'dpo' })]);
  }
  return seen;
}

describeWithPostgres('reports on both engines', () => {
  let dir: string;
  let database: TestDatabase;
  let sqlite: Store;
  let postgres: Store;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'parity-'));
    database = await postgresDatabase();
    sqlite = openSqliteStore(join(dir, 'store.db'));
    postgres = await openPostgresStore(database.url);
    await seed(sqlite);
    await seed(postgres);
  }, 120_000);
  afterAll(async () => {
    await sqlite?.close();
    await postgres?.close();
    await database?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('the history is rich enough to tell engines apart', async () => {
    const [total] = await sqlite.reports.groups(HISTORY, 'mode');
    const [inWindow] = await sqlite.reports.groups(WINDOW, 'mode');
    expect(inWindow!.leads).toBeGreaterThan(0);
    expect(inWindow!.leads).toBeLessThan(total!.leads);
    for (const count of ['leads', 'offered', 'replied', 'booked', 'cancelled', 'held', 'noShow', 'disqualified', 'handedOff', 'declined', 'unsubscribed', 'stalled'] as const) {
      expect(total![count], count).toBeGreaterThan(0);
    }
    expect(total!.medianFirstReplyMs).not.toBeNull();
    expect(total!.medianToMeetingMs).not.toBeNull();
    expect((await sqlite.reports.disqualifiedReasons(HISTORY)).length).toBeGreaterThan(1);
    expect((await sqlite.leadList.handoffs(100)).length).toBeGreaterThan(2);
  });

  it('every report query, lead page and lead history is the same on SQLite and PostgreSQL', async () => {
    const expected = await observe(sqlite);
    const actual = await observe(postgres);
    expect(actual.map(([name]) => name)).toEqual(expected.map(([name]) => name));
    for (const [index, [name, value]] of expected.entries()) expect(actual[index]![1], name).toEqual(value);
  });

  it('after a person is forgotten and old bodies are purged, both engines still tell the same', async () => {
    for (const email of ['p10@prospect2.test', 'colleague15@prospect3.test']) {
      const input = { now: HISTORY.until, by: 'dpo' };
      const forgotten = await sqlite.personalData.forget(email, input);
      expect(forgotten.leads, email).toBe(1);
      expect(await postgres.personalData.forget(email, input), email).toEqual(forgotten);
    }
    const purge = { before: WINDOW.since + 14 * DAY, now: HISTORY.until };
    const purged = await sqlite.personalData.purgeBodies(purge);
    expect(purged).toBeGreaterThan(0);
    expect(await postgres.personalData.purgeBodies(purge)).toBe(purged);
    const expected = await observe(sqlite);
    const actual = await observe(postgres);
    for (const [index, [name, value]] of expected.entries()) expect(actual[index]![1], name).toEqual(value);
  });
});
