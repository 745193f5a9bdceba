import { expect, it } from 'vitest';
import { CAMPAIGN, HOUR, NOW, prospect, slotAt } from './conversations-fixture.js';
import { describeEachEngine } from './engines.js';

describeEachEngine('leads', (open) => {
  it('creates a lead at the first message and finds the same one afterwards, as it was first written', async () => {
    const store = await open();
    const first = await store.leads.findOrCreate({ campaign: CAMPAIGN, email: 'ann@a.example', name: 'Ann', receivedAt: NOW });
    expect(first).toEqual({ lead: { id: expect.any(Number), campaign: CAMPAIGN, email: 'ann@a.example', name: 'Ann' }, created: true });

    const again = await store.leads.findOrCreate({ campaign: CAMPAIGN, email: 'ann@a.example', name: 'Ann Other', receivedAt: NOW + HOUR });
    expect(again).toEqual({ lead: first.lead, created: false });
    expect(await store.leads.find(CAMPAIGN, 'ann@a.example')).toEqual(first.lead);
    expect(await store.leads.byId(first.lead.id)).toEqual(first.lead);
  });

  it('keeps one lead per person per campaign: another campaign, another address or its case is another lead', async () => {
    const store = await open();
    const ann = (await store.leads.findOrCreate({ campaign: CAMPAIGN, email: 'ann@a.example', name: null, receivedAt: NOW })).lead;
    const elsewhere = await store.leads.findOrCreate({ campaign: 'webinar@meet.example', email: 'ann@a.example', name: null, receivedAt: NOW });
    expect(elsewhere.created).toBe(true);
    expect(elsewhere.lead.id).not.toBe(ann.id);
    expect(await store.leads.find(CAMPAIGN, 'Ann@a.example')).toBeNull();
    expect(await store.leads.find(CAMPAIGN, 'bob@b.example')).toBeNull();
    expect(await store.leads.find('other@meet.example', 'ann@a.example')).toBeNull();
  });

  it('makes the person who wrote first a contact of the lead; others join once each', async () => {
    const store = await open();
    const ann = (await store.leads.findOrCreate({ campaign: CAMPAIGN, email: 'ann@a.example', name: 'Ann', receivedAt: NOW })).lead;
    const bob = (await store.leads.findOrCreate({ campaign: CAMPAIGN, email: 'bob@b.example', name: null, receivedAt: NOW })).lead;
    expect(await store.leads.isContact(ann.id, 'ann@a.example')).toBe(true);
    expect(await store.leads.isContact(ann.id, 'cy@a.example')).toBe(false);

    expect(await store.leads.addContact(ann.id, 'cy@a.example', 'Cy', NOW + HOUR)).toBe(true);
    expect(await store.leads.addContact(ann.id, 'cy@a.example', 'Cy Again', NOW + 2 * HOUR)).toBe(false);
    expect(await store.leads.addContact(ann.id, 'ann@a.example', null, NOW + HOUR)).toBe(false);
    expect(await store.leads.isContact(ann.id, 'cy@a.example')).toBe(true);
    expect(await store.leads.isContact(bob.id, 'cy@a.example')).toBe(false);
  });

  it('messages of one new person at once make one lead, created once', async () => {
    const store = await open();
    // Connections opened first, so the calls below do race (PostgreSQL: one connection each).
    await Promise.all(Array.from({ length: 4 }, () => store.leads.find(CAMPAIGN, 'nobody@a.example')));
    for (let person = 0; person < 10; person++) {
      const input = { campaign: CAMPAIGN, email: `p${person}@a.example`, name: null, receivedAt: NOW };
      const results = await Promise.all(
        Array.from({ length: 4 }, (_, n) => (n % 2 ? store.transaction(() => store.leads.findOrCreate(input)) : store.leads.findOrCreate(input))),
      );
      expect(results.filter((result) => result.created)).toHaveLength(1);
      expect(new Set(results.map((result) => result.lead.id)).size).toBe(1);
      expect(await store.leads.isContact(results[0]!.lead.id, input.email)).toBe(true);
    }
  });

  it('a lead created in a transaction that rolls back is not there', async () => {
    const store = await open();
    const failure = new Error('turn died');
    await expect(
      store.transaction(async () => {
        await store.leads.findOrCreate({ campaign: CAMPAIGN, email: 'ann@a.example', name: null, receivedAt: NOW });
        throw failure;
      }),
    ).rejects.toBe(failure);
    expect(await store.leads.find(CAMPAIGN, 'ann@a.example')).toBeNull();
    expect((await store.leads.findOrCreate({ campaign: CAMPAIGN, email: 'ann@a.example', name: null, receivedAt: NOW })).created).toBe(true);
  });

  it('keeps the first booking time of a lead: the time to booking the reports show does not move', async () => {
    const store = await open();
    const { lead, conversation } = await prospect(store, 'ann@a.example');
    await store.transaction(() =>
      store.bookings.insertIfFree(
        { uid: 'ann@meet.test', leadId: lead.id, conversationId: conversation.id, campaign: CAMPAIGN, hostIds: ['bob'], attendeeEmail: lead.email, slot: slotAt(24) },
        NOW,
      ),
    );
    await store.leads.markBooked(lead.id, NOW);
    await store.leads.markBooked(lead.id, NOW + 5 * HOUR);
    // An out-of-office's return date changes nothing the lead shows.
    await store.leads.setReturnDate(lead.id, NOW + 48 * HOUR);
    expect(await store.leads.byId(lead.id)).toEqual(lead);
    const window = { since: NOW - 2 * HOUR, until: NOW, campaign: CAMPAIGN };
    expect((await store.reports.medians(window)).medianToBookingMs).toBe(HOUR);
  });
});
