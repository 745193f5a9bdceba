import { expect, it } from 'vitest';
import type { InboundOutcome } from '../../src/store/journal.js';
import type { OutboundKind } from '../../src/store/outbox.js';
import { BY_HAND, ClaimLost } from '../../src/store/spool.js';
import type { Store } from '../../src/store/store.js';
import { describeWithPostgres } from '../support/postgres.js';
import { CAMPAIGN, HOUR, MINUTE, NOW, prospect, slotAt } from './conversations-fixture.js';
import { describeEachEngine, postgresNodes } from './engines.js';

/** An inbound message from `from`, received at `at`. */
async function received(store: Store, from: string | null, at = NOW, campaign = CAMPAIGN): Promise<number> {
  const [id] = await store.spool.accept([
    { campaign, envelopeFrom: from, envelopeTo: [campaign], remoteAddress: null, helo: null, raw: { bytes: Buffer.from(`From: ${from}\r\n\r\nhi\r\n`) }, receivedAt: at },
  ]);
  return id!;
}

/** What the pipeline learned about message `id`, claimed by hand first. */
async function claimed(store: Store, id: number, over: Partial<InboundOutcome> = {}): Promise<InboundOutcome> {
  const message = (await store.spool.claimById(id, NOW, BY_HAND))!;
  return {
    messageId: id,
    attempt: message.attempts,
    conversationId: null,
    headerMessageId: `<${id}@prospect.example>`,
    kind: 'human',
    fromAddress: null,
    subject: 'Demo',
    visibleText: null,
    understanding: null,
    authentication: { spf: 'pass' },
    ...over,
  };
}

/** Mail the agent queued; resolves with its Message-ID, and its row id in `queued`. */
async function sent(
  store: Store,
  input: { conversationId: number | null; to: string[]; kind?: OutboundKind; at?: number; text?: string; campaign?: string },
  queued: number[] = [],
): Promise<string> {
  const messageId = `<${Math.random().toString(36).slice(2)}@meet.example>`;
  const text = input.text ?? 'Here are three times.';
  queued.push(
    await store.outbox.queue(
      {
        campaign: input.campaign ?? CAMPAIGN,
        conversationId: input.conversationId,
        kind: input.kind ?? 'reply',
        messageId,
        envelopeFrom: CAMPAIGN,
        envelopeTo: input.to,
        subject: 'Re: Demo',
        text,
        raw: Buffer.from(`Message-ID: ${messageId}\r\n\r\n${text}\r\n`),
      },
      input.at ?? NOW,
    ),
  );
  return messageId;
}

describeEachEngine('journal', (open, engine) => {
  it('closes an inbound message with what was learned; the thread shows what each side wrote, in order', async () => {
    const store = await open();
    const { lead, conversation } = await prospect(store, 'ann@a.example');
    const first = await received(store, 'bounce@a.example', NOW - HOUR);
    await store.journal.markProcessed(
      await claimed(store, first, { conversationId: conversation.id, fromAddress: 'ann@a.example', visibleText: 'Can we meet?', understanding: null }),
      NOW - HOUR + MINUTE,
    );
    await sent(store, { conversationId: conversation.id, to: ['ann@a.example'], at: NOW - 30 * MINUTE, text: 'Here are three times.' });
    await sent(store, { conversationId: conversation.id, to: ['bob@meet.example'], kind: 'host_brief', at: NOW - 30 * MINUTE, text: 'Brief' });
    const second = await received(store, 'ann@a.example', NOW);
    await store.journal.markProcessed(await claimed(store, second, { conversationId: conversation.id, visibleText: 'The first one.' }), NOW);
    // Nothing readable (an auto-reply read as nothing): not in the thread.
    const third = await received(store, 'ann@a.example', NOW + MINUTE);
    await store.journal.markProcessed(await claimed(store, third, { conversationId: conversation.id, kind: 'auto_reply' }), NOW + MINUTE);

    expect(await store.journal.thread(conversation.id)).toEqual([
      { direction: 'in', from: 'ann@a.example', at: NOW - HOUR, text: 'Can we meet?' },
      { direction: 'out', from: CAMPAIGN, at: NOW - 30 * MINUTE, text: 'Here are three times.' },
      { direction: 'in', from: 'ann@a.example', at: NOW, text: 'The first one.' },
    ]);
    expect(await store.journal.thread(conversation.id + 100)).toEqual([]);
    const [summary] = await store.leadHistory.find(String(lead.id));
    const inbound = (await store.leadHistory.history(summary!)).entries.filter((entry) => entry.type === 'message' && entry.direction === 'in');
    expect(inbound).toEqual([
      { type: 'message', at: NOW - HOUR, id: first, direction: 'in', kind: 'human', from: 'ann@a.example', subject: 'Demo', text: 'Can we meet?', status: 'processed' },
      { type: 'message', at: NOW, id: second, direction: 'in', kind: 'human', from: 'ann@a.example', subject: 'Demo', text: 'The first one.', status: 'processed' },
      { type: 'message', at: NOW + MINUTE, id: third, direction: 'in', kind: 'auto_reply', from: 'ann@a.example', subject: 'Demo', text: null, status: 'processed' },
    ]);
  });

  it('closes a message only under the claim that took it: a worker whose claim was taken over closes nothing', async () => {
    const store = await open();
    const { conversation } = await prospect(store, 'ann@a.example');
    const id = await received(store, 'ann@a.example');
    const outcome = await claimed(store, id, { conversationId: conversation.id, visibleText: 'Hello' });
    await expect(store.journal.markProcessed({ ...outcome, attempt: outcome.attempt - 1 }, NOW)).rejects.toBeInstanceOf(ClaimLost);
    expect(await store.journal.thread(conversation.id)).toEqual([]);
    await store.journal.markProcessed(outcome, NOW);
    // Closed already: a second close (a retry of the same worker) is refused too.
    await expect(store.journal.markProcessed(outcome, NOW)).rejects.toBeInstanceOf(ClaimLost);
    expect(await store.journal.thread(conversation.id)).toHaveLength(1);
  });

  it('records decisions with what they were based on, for the lead they concern', async () => {
    const store = await open();
    const { lead, conversation } = await prospect(store, 'ann@a.example');
    const id = await received(store, 'ann@a.example');
    const detail = { hostId: 'bob', reasons: ['least booked', 'free'], score: 0.5, nothing: null };
    await store.journal.decide({ conversationId: conversation.id, messageId: id, kind: 'routing', actor: 'rules', summary: 'bob is free', detail }, NOW);
    await store.journal.decide({ conversationId: conversation.id, messageId: null, kind: 'handoff', actor: 'ops', summary: 'taken by Sue', detail: 'sue' }, NOW + MINUTE);
    await store.journal.decide({ conversationId: null, messageId: id, kind: 'classification', actor: 'code', summary: 'spam', detail: {} }, NOW);
    const [summary] = await store.leadHistory.find(String(lead.id));
    const decisions = (await store.leadHistory.history(summary!)).entries.filter((entry) => entry.type === 'decision');
    expect(decisions).toEqual([
      { type: 'decision', at: NOW, id: expect.any(Number), kind: 'routing', actor: 'rules', summary: 'bob is free', detail },
      { type: 'decision', at: NOW + MINUTE, id: expect.any(Number), kind: 'handoff', actor: 'ops', summary: 'taken by Sue', detail: 'sue' },
    ]);
  });

  it("records an offer's times: the lead counts as offered from the first one", async () => {
    const store = await open();
    const { conversation } = await prospect(store, 'ann@a.example');
    await prospect(store, 'bea@a.example');
    const queued: number[] = [];
    await sent(store, { conversationId: conversation.id, to: ['ann@a.example'] }, queued);
    const slots = [
      { position: 1, ...slotAt(24) },
      { position: 2, ...slotAt(25) },
    ];
    await store.journal.recordOffer({ conversationId: conversation.id, outboundId: queued[0]!, hostIds: ['bob', 'cy'], slots }, NOW);
    await store.journal.recordOffer({ conversationId: conversation.id, outboundId: queued[0]!, hostIds: ['bob'], slots: [] }, NOW);
    const [group] = await store.reports.groups({ since: NOW - 2 * HOUR, until: NOW, campaign: CAMPAIGN }, 'campaign');
    expect(group).toMatchObject({ leads: 2, offered: 1 });
  });

  it("counts the agent's mail to the prospect in the conversation, and to the address from the campaign since a time", async () => {
    const store = await open();
    const ann = (await prospect(store, 'ann@a.example')).conversation.id;
    const other = (await prospect(store, 'ann2@a.example')).conversation.id;
    await sent(store, { conversationId: ann, to: ['ann@a.example'], at: NOW - 2 * HOUR });
    await sent(store, { conversationId: ann, to: ['ann@a.example', 'cy@a.example'], kind: 'confirmation', at: NOW - HOUR });
    await sent(store, { conversationId: ann, to: ['bob@meet.example'], kind: 'host_brief', at: NOW });
    await sent(store, { conversationId: ann, to: ['ann@a.example'], kind: 'handoff', at: NOW });
    await sent(store, { conversationId: other, to: ['ann@a.example'], at: NOW });
    await sent(store, { conversationId: other, to: ['xann@a.example'], at: NOW });
    await sent(store, { conversationId: null, to: ['ann@a.example'], at: NOW, campaign: 'webinar@meet.example' });
    await received(store, 'ann@a.example', NOW);

    const counts = (conversationId: number, email: string, since: number) =>
      store.journal.agentMailCounts({ conversationId, campaign: CAMPAIGN, email, since });
    expect(await counts(ann, 'ann@a.example', NOW - HOUR)).toEqual({ conversation: 2, senderToday: 2 });
    expect(await counts(ann, 'ann@a.example', NOW - 3 * HOUR)).toEqual({ conversation: 2, senderToday: 3 });
    expect(await counts(other, 'cy@a.example', NOW - 3 * HOUR)).toEqual({ conversation: 2, senderToday: 1 });
    expect(await counts(other + 100, 'nobody@a.example', 0)).toEqual({ conversation: 0, senderToday: 0 });
  });

  it('knows the last mail the agent sent the prospect in the conversation', async () => {
    const store = await open();
    const { conversation } = await prospect(store, 'ann@a.example');
    expect(await store.journal.lastProspectMail(conversation.id)).toBeNull();
    await sent(store, { conversationId: conversation.id, to: ['ann@a.example'] });
    const last = await sent(store, { conversationId: conversation.id, to: ['ann@a.example', 'cy@a.example'], kind: 'confirmation' });
    await sent(store, { conversationId: conversation.id, to: ['bob@meet.example'], kind: 'host_brief' });
    expect(await store.journal.lastProspectMail(conversation.id)).toEqual({ messageId: last, envelopeTo: ['ann@a.example', 'cy@a.example'] });
  });

  it('records mail that carries NUL characters (PostgreSQL text cannot hold them: they are dropped there)', async () => {
    const store = await open();
    const { lead, conversation } = await prospect(store, 'ann@a.example');
    const id = await received(store, 'ann@a.example');
    const nul = (text: string) => (engine === 'postgresql' ? text.replaceAll('\u0000', '') : text);
    const outcome = await claimed(store, id, {
      conversationId: conversation.id,
      headerMessageId: '<a\u0000b@a.example>',
      subject: 'Hi\u0000there',
      visibleText: 'hello\u0000world',
      authentication: { spf: 'pass\u0000' },
    });
    expect(await store.journal.claimMessageId(CAMPAIGN, outcome.headerMessageId!, id)).toBe(true);
    await store.journal.markProcessed(outcome, NOW);
    await store.journal.decide({ conversationId: conversation.id, messageId: id, kind: 'understanding', actor: 'llm', summary: 'said \u0000hi', detail: { quote: 'x\u0000y' } }, NOW);
    const saved = await store.conversations.save({ ...conversation, state: { ...conversation.state, attendee: { email: 'ann@a.example', name: 'A\u0000nn' } } }, NOW);

    expect(await store.journal.thread(conversation.id)).toEqual([{ direction: 'in', from: 'ann@a.example', at: NOW, text: nul('hello\u0000world') }]);
    expect(await store.journal.claimMessageId(CAMPAIGN, outcome.headerMessageId!, id)).toBe(true);
    const [summary] = await store.leadHistory.find(String(lead.id));
    expect((await store.leadHistory.history(summary!)).entries).toMatchObject([
      { type: 'message', subject: nul('Hi\u0000there') },
      { type: 'decision', summary: nul('said \u0000hi'), detail: { quote: nul('x\u0000y') } },
    ]);
    expect((await store.conversations.byId(conversation.id))!.state.attendee).toEqual({ email: 'ann@a.example', name: nul('A\u0000nn') });
    expect(saved.version).toBe(1);
  });

  it('gives a Message-ID to the first inbound message that claims it, per campaign; the same message claiming again keeps it', async () => {
    const store = await open();
    const first = await received(store, 'ann@a.example');
    const copy = await received(store, 'ann@a.example');
    const elsewhere = await received(store, 'ann@a.example', NOW, 'webinar@meet.example');
    expect(await store.journal.claimMessageId(CAMPAIGN, '<m1@a.example>', first)).toBe(true);
    expect(await store.journal.claimMessageId(CAMPAIGN, '<m1@a.example>', copy)).toBe(false);
    expect(await store.journal.claimMessageId(CAMPAIGN, '<m1@a.example>', first)).toBe(true);
    expect(await store.journal.claimMessageId('webinar@meet.example', '<m1@a.example>', elsewhere)).toBe(true);
    expect(await store.journal.claimMessageId(CAMPAIGN, '<m2@a.example>', copy)).toBe(true);
  });

  it('of copies claiming one Message-ID at once, exactly one gets it', async () => {
    const store = await open();
    const copies = await Promise.all([0, 1, 2, 3].map(() => received(store, 'ann@a.example')));
    for (let round = 0; round < 10; round++) {
      const claims = await Promise.all(
        copies.map((id) => store.transaction(() => store.journal.claimMessageId(CAMPAIGN, `<race-${round}@a.example>`, id))),
      );
      expect(claims.filter(Boolean)).toHaveLength(1);
    }
  });
});

describeWithPostgres('journal across nodes (postgresql)', () => {
  const nodes = postgresNodes();

  it('two nodes claiming one Message-ID at once for their copies: exactly one gets it, each time', async () => {
    const [a, b] = nodes();
    const copies = [await received(a, 'ann@a.example'), await received(b, 'ann@a.example')];
    for (let round = 0; round < 25; round++) {
      const messageId = `<race-${round}@a.example>`;
      const claims = await Promise.all(
        [a, b].map((node, n) => node.transaction(() => node.journal.claimMessageId(CAMPAIGN, messageId, copies[n]!))),
      );
      expect(claims.filter(Boolean)).toHaveLength(1);
      // Each node, asked again, agrees on who holds it.
      const winner = copies[claims.indexOf(true)]!;
      expect(await Promise.all([a, b].map((node) => node.journal.claimMessageId(CAMPAIGN, messageId, winner)))).toEqual([true, true]);
    }
  });
});
