import { expect, it } from 'vitest';
import { INITIAL_STATE, type ConversationState } from '../../src/core/conversation.js';
import { ConversationConflict, type Conversation } from '../../src/store/conversations.js';
import type { OutboundKind } from '../../src/store/outbox.js';
import type { Store } from '../../src/store/store.js';
import { CAMPAIGN, HOUR, MINUTE, NOW, prospect } from './conversations-fixture.js';
import { describeEachEngine } from './engines.js';

function awaitingFollowUp(conversation: Conversation, dueAt: number | null): Conversation {
  return { ...conversation, state: { ...conversation.state, status: 'offered', followUp: { dueAt, sent: false } } };
}

function queue(store: Store, conversationId: number | null, messageId: string, kind: OutboundKind = 'reply') {
  return store.outbox.queue(
    {
      campaign: CAMPAIGN,
      conversationId,
      kind,
      messageId,
      envelopeFrom: CAMPAIGN,
      envelopeTo: ['ann@a.example'],
      subject: 'Re: Demo',
      text: 'Here are three times.',
      raw: Buffer.from(`Message-ID: ${messageId}\r\n\r\nHere are three times.\r\n`),
    },
    NOW,
  );
}

describeEachEngine('conversations', (open) => {
  it('finds a conversation by id, token and lead as it was created, at version 0', async () => {
    const store = await open();
    const { lead } = await prospect(store, 'ann@a.example');
    const state: ConversationState = { ...INITIAL_STATE, status: 'offered', hostIds: ['bob'], offered: [{ position: 1, start: NOW, end: NOW + HOUR }] };
    const created = await store.conversations.create(
      { leadId: lead.id, campaign: CAMPAIGN, token: 'tok-2', state, prospectZone: 'Europe/Paris', subject: 'Démo ✓', language: null },
      NOW,
    );
    expect(created).toEqual({
      id: expect.any(Number),
      leadId: lead.id,
      campaign: CAMPAIGN,
      token: 'tok-2',
      state,
      prospectZone: 'Europe/Paris',
      subject: 'Démo ✓',
      language: null,
      version: 0,
    });
    expect(await store.conversations.byId(created.id)).toEqual(created);
    expect(await store.conversations.byToken('tok-2')).toEqual(created);
    expect(await store.conversations.latestForLead(lead.id)).toEqual(created);

    expect(await store.conversations.byId(created.id + 100)).toBeNull();
    expect(await store.conversations.byToken('tok-unknown')).toBeNull();
    expect(await store.conversations.latestForLead(lead.id + 100)).toBeNull();
  });

  it('saves over the version read and bumps it; a save from a stale read is refused and changes nothing', async () => {
    const store = await open();
    const { conversation } = await prospect(store, 'ann@a.example');
    const offered = { ...conversation, state: { ...conversation.state, status: 'offered' as const, hostIds: ['bob', 'cy'] }, prospectZone: 'America/New_York', language: 'de' };
    const saved = await store.conversations.save(offered, NOW);
    expect(saved).toEqual({ ...offered, version: 1 });
    expect(await store.conversations.byId(conversation.id)).toEqual(saved);

    const stale = { ...conversation, state: { ...conversation.state, status: 'declined' as const } };
    const refused = await store.conversations.save(stale, NOW + MINUTE).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ConversationConflict);
    expect(refused).toMatchObject({ code: 'conversation_conflict' });
    expect(await store.conversations.byId(conversation.id)).toEqual(saved);
    expect(await store.conversations.save(saved, NOW + MINUTE)).toMatchObject({ version: 2 });
  });

  it('of two turns saving what they read at once, one lands and the other is told to decide again', async () => {
    const store = await open();
    const { conversation } = await prospect(store, 'ann@a.example');
    const results = await Promise.allSettled(
      (['declined', 'offered'] as const).map((status) =>
        store.transaction(() => store.conversations.save({ ...conversation, state: { ...conversation.state, status } }, NOW)),
      ),
    );
    const landed = results.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
    const refused = results.flatMap((result) => (result.status === 'rejected' ? [result.reason as unknown] : []));
    expect(landed).toHaveLength(1);
    expect(refused).toHaveLength(1);
    expect(refused[0]).toBeInstanceOf(ConversationConflict);
    expect(await store.conversations.byId(conversation.id)).toEqual(landed[0]);
  });

  it('a save in a transaction that rolls back leaves the version that was there', async () => {
    const store = await open();
    const { conversation } = await prospect(store, 'ann@a.example');
    await expect(
      store.transaction(async () => {
        await store.conversations.save(awaitingFollowUp(conversation, NOW), NOW);
        throw new Error('turn died');
      }),
    ).rejects.toThrow('turn died');
    expect(await store.conversations.byId(conversation.id)).toEqual(conversation);
    expect(await store.conversations.dueFollowUps(NOW)).toEqual([]);
  });

  it('the latest conversation of a lead is its newest', async () => {
    const store = await open();
    const { lead } = await prospect(store, 'ann@a.example');
    const newer = await store.conversations.create(
      { leadId: lead.id, campaign: CAMPAIGN, token: 'tok-newer', state: INITIAL_STATE, prospectZone: 'UTC', subject: 'Again', language: null },
      NOW - 2 * HOUR,
    );
    expect(await store.conversations.latestForLead(lead.id)).toEqual(newer);
  });

  it('lists the follow-ups due by now, the longest due first, as many as asked', async () => {
    const store = await open();
    const due: Conversation[] = [];
    for (const [email, dueAt] of [['late@a.example', NOW], ['early@a.example', NOW - HOUR], ['tie@a.example', NOW - HOUR], ['soon@a.example', NOW + 1], ['none@a.example', null]] as const) {
      const { conversation } = await prospect(store, email);
      due.push(await store.conversations.save(awaitingFollowUp(conversation, dueAt), NOW - 2 * HOUR));
    }
    const [late, early, tie] = due;
    expect(await store.conversations.dueFollowUps(NOW)).toEqual([early, tie, late]);
    expect(await store.conversations.dueFollowUps(NOW, 2)).toEqual([early, tie]);
    expect(await store.conversations.dueFollowUps(NOW - HOUR - 1)).toEqual([]);
    // Sent: the state keeps its time but the row no longer waits.
    await store.conversations.save(awaitingFollowUp(early!, null), NOW);
    expect((await store.conversations.dueFollowUps(NOW)).map((c) => c.id)).toEqual([tie!.id, late!.id]);
  });

  it('lists at most 50 due follow-ups unless told otherwise', async () => {
    const store = await open();
    for (let n = 0; n < 51; n++) {
      const { conversation } = await prospect(store, `p${n}@a.example`);
      await store.conversations.save(awaitingFollowUp(conversation, NOW - n), NOW - HOUR);
    }
    const due = await store.conversations.dueFollowUps(NOW);
    expect(due).toHaveLength(50);
    expect(due[0]!.state.followUp.dueAt).toBe(NOW - 50);
  });

  it('counts the LLM tokens a conversation spent, across calls', async () => {
    const store = await open();
    const { conversation } = await prospect(store, 'ann@a.example');
    expect(await store.conversations.llmTokensSpent(conversation.id)).toBe(0);
    await store.conversations.addLlmTokens(conversation.id, 1200);
    await store.conversations.addLlmTokens(conversation.id, 34);
    expect(await store.conversations.llmTokensSpent(conversation.id)).toBe(1234);
    expect(await store.conversations.llmTokensSpent(conversation.id + 100)).toBe(0);
    // Tokens are not a save: the version others read stays valid.
    expect((await store.conversations.byId(conversation.id))!.version).toBe(0);
  });

  it('finds a conversation by the Message-IDs of our mail it references, the latest mail winning', async () => {
    const store = await open();
    const ann = (await prospect(store, 'ann@a.example')).conversation;
    const bob = (await prospect(store, 'bob@b.example')).conversation;
    await queue(store, ann.id, '<one@meet.example>');
    await queue(store, bob.id, '<two@meet.example>', 'confirmation');
    await queue(store, null, '<brief@meet.example>', 'host_brief');

    expect(await store.conversations.byReferences(['<one@meet.example>'])).toEqual(ann);
    expect(await store.conversations.byReferences(['<unknown@x.example>', '<one@meet.example>', '<two@meet.example>'])).toEqual(bob);
    expect(await store.conversations.byReferences(['<brief@meet.example>', '<unknown@x.example>'])).toBeNull();
    expect(await store.conversations.byReferences([])).toBeNull();
  });

  it('a conversation handed to a person puts its lead in the hand-off queue from the time of the save', async () => {
    const store = await open();
    const { lead, conversation } = await prospect(store, 'ann@a.example');
    await store.conversations.save({ ...conversation, state: { ...conversation.state, status: 'handed_off' } }, NOW);
    const [waiting] = await store.leadList.handoffs(10);
    expect(waiting).toMatchObject({ id: lead.id, state: 'handed_off', handedOffAt: NOW });
  });
});
