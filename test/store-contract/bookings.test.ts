import { expect, it } from 'vitest';
import type { NewBooking } from '../../src/store/bookings.js';
import type { Store } from '../../src/store/store.js';
import { CAMPAIGN, HOUR, MINUTE, NOW, newBooking, slotAt } from './conversations-fixture.js';
import { describeEachEngine } from './engines.js';

const book = (store: Store, booking: NewBooking, now = NOW) => store.transaction(() => store.bookings.insertIfFree(booking, now));

describeEachEngine('bookings', (open) => {
  it('books a free time and knows the booking by its uid; the same uid again is the same booking', async () => {
    const store = await open();
    const ann = await newBooking(store, 'ann@a.example', ['bob'], slotAt(24));
    const verdict = await book(store, ann);
    expect(verdict).toEqual({ ok: true, id: expect.any(Number) });
    const id = (verdict as { id: number }).id;
    expect(await store.bookings.idOf(ann.uid)).toBe(id);
    expect(await store.bookings.idOf('nobody@meet.test')).toBeNull();
    expect(await store.outcomes.booking(ann.uid)).toEqual({
      id,
      uid: ann.uid,
      leadId: ann.leadId,
      conversationId: ann.conversationId,
      campaign: CAMPAIGN,
      hostId: 'bob',
      attendeeEmail: 'ann@a.example',
      start: ann.slot.start,
      end: ann.slot.end,
      status: 'confirmed',
    });
    // A retried message: even offered elsewhere meanwhile, it is the booking already made.
    expect(await book(store, { ...ann, slot: slotAt(30), hostIds: ['cy'] })).toEqual({ ok: true, id });
    expect(await store.outcomes.booking(ann.uid)).toMatchObject({ hostId: 'bob', start: ann.slot.start });
  });

  it("refuses a time overlapping one of a host's confirmed meetings, and no other", async () => {
    const store = await open();
    await book(store, await newBooking(store, 'ann@a.example', ['bob'], slotAt(24, 60)));
    const taken = { ok: false, reason: 'slot_taken' };
    const at = (start: number, minutes: number) => ({ start: NOW + 24 * HOUR + start * MINUTE, end: NOW + 24 * HOUR + (start + minutes) * MINUTE });

    expect(await book(store, await newBooking(store, 'inside@a.example', ['bob'], at(15, 15)))).toEqual(taken);
    expect(await book(store, await newBooking(store, 'across@a.example', ['bob'], at(-30, 45)))).toEqual(taken);
    expect(await book(store, await newBooking(store, 'around@a.example', ['bob'], at(-30, 120)))).toEqual(taken);
    expect(await book(store, await newBooking(store, 'team@a.example', ['cy', 'bob'], at(30, 60)))).toEqual(taken);
    // One meeting may start as another ends, and another host is free at the same time.
    expect(await book(store, await newBooking(store, 'before@a.example', ['bob'], at(-30, 30)))).toMatchObject({ ok: true });
    expect(await book(store, await newBooking(store, 'after@a.example', ['bob'], at(60, 30)))).toMatchObject({ ok: true });
    expect(await book(store, await newBooking(store, 'cy@a.example', ['cy'], at(0, 60)))).toMatchObject({ ok: true });
    expect(await store.bookings.idOf('inside@a.example@meet.test')).toBeNull();
  });

  it('a collective meeting holds every one of its hosts', async () => {
    const store = await open();
    await book(store, await newBooking(store, 'team@a.example', ['bob', 'cy'], slotAt(24)));
    expect(await book(store, await newBooking(store, 'ann@a.example', ['cy'], slotAt(24)))).toEqual({ ok: false, reason: 'slot_taken' });
    expect(await book(store, await newBooking(store, 'dee@a.example', ['dan', 'bob'], slotAt(24)))).toEqual({ ok: false, reason: 'slot_taken' });
    expect(await book(store, await newBooking(store, 'eve@a.example', ['dan'], slotAt(24)))).toMatchObject({ ok: true });
  });

  it('a taken time leaves the transaction it was tried in going', async () => {
    const store = await open();
    await book(store, await newBooking(store, 'ann@a.example', ['bob'], slotAt(24)));
    const late = await newBooking(store, 'late@a.example', ['bob'], slotAt(24));
    const other = await newBooking(store, 'other@a.example', ['cy'], slotAt(24));
    const verdicts = await store.transaction(async () => [await store.bookings.insertIfFree(late, NOW), await store.bookings.insertIfFree(other, NOW)]);
    expect(verdicts).toEqual([{ ok: false, reason: 'slot_taken' }, { ok: true, id: expect.any(Number) }]);
    expect(await store.bookings.idOf(other.uid)).not.toBeNull();
  });

  it('a booking made in a transaction that rolls back is not there, and its time is free', async () => {
    const store = await open();
    const ann = await newBooking(store, 'ann@a.example', ['bob'], slotAt(24));
    await expect(
      store.transaction(async () => {
        await store.bookings.insertIfFree(ann, NOW);
        throw new Error('calendar failed');
      }),
    ).rejects.toThrow('calendar failed');
    expect(await store.bookings.idOf(ann.uid)).toBeNull();
    expect(await book(store, await newBooking(store, 'bea@a.example', ['bob'], slotAt(24)))).toMatchObject({ ok: true });
  });

  it('a cancelled meeting frees its time; cancelling again or an unknown uid changes nothing', async () => {
    const store = await open();
    const ann = await newBooking(store, 'ann@a.example', ['bob', 'cy'], slotAt(24));
    await book(store, ann);
    await store.bookings.cancel(ann.uid, NOW + HOUR);
    await store.bookings.cancel(ann.uid, NOW + 2 * HOUR);
    await store.bookings.cancel('nobody@meet.test', NOW);
    expect(await store.outcomes.booking(ann.uid)).toMatchObject({ status: 'cancelled' });
    expect(await store.reminders.upcoming(NOW, NOW + 48 * HOUR)).toEqual([]);
    expect(await book(store, await newBooking(store, 'bea@a.example', ['cy'], slotAt(24)))).toMatchObject({ ok: true });
  });

  it('moves a meeting to a free time and to other hosts; where it already is, nothing changes', async () => {
    const store = await open();
    const ann = await newBooking(store, 'ann@a.example', ['bob'], slotAt(24, 60));
    const { id } = (await book(store, ann)) as { id: number };
    const sequence = async () => (await store.reminders.upcoming(NOW, NOW + 72 * HOUR))[0]?.sequence;

    expect(await store.transaction(() => store.bookings.moveIfFree(ann.uid, ann.slot, ['bob'], NOW))).toEqual({ ok: true, id });
    expect(await sequence()).toBe(0);

    // Half an hour later overlaps only its own old time.
    const later = { start: ann.slot.start + 30 * MINUTE, end: ann.slot.end + 30 * MINUTE };
    expect(await store.transaction(() => store.bookings.moveIfFree(ann.uid, later, ['bob'], NOW + HOUR))).toEqual({ ok: true, id });
    expect(await store.outcomes.booking(ann.uid)).toMatchObject({ start: later.start, end: later.end, hostId: 'bob', status: 'confirmed' });
    expect(await sequence()).toBe(1);
    expect(await book(store, await newBooking(store, 'early@a.example', ['bob'], slotAt(24, 30)))).toMatchObject({ ok: true });

    // Same time, other hosts (the organiser first): bob is free again, cy and dan are taken.
    expect(await store.transaction(() => store.bookings.moveIfFree(ann.uid, later, ['cy', 'dan'], NOW + HOUR))).toEqual({ ok: true, id });
    expect((await store.reminders.upcoming(NOW, NOW + 72 * HOUR)).find((m) => m.uid === ann.uid)).toMatchObject({ hostIds: ['cy', 'dan'], sequence: 2 });
    expect(await store.outcomes.booking(ann.uid)).toMatchObject({ hostId: 'cy' });
    expect(await book(store, await newBooking(store, 'bob@a.example', ['bob'], later))).toMatchObject({ ok: true });
    expect(await book(store, await newBooking(store, 'dan@a.example', ['dan'], later))).toEqual({ ok: false, reason: 'slot_taken' });
  });

  it("refuses a move onto another meeting's time, or of a booking it does not know, and keeps the meeting where it was", async () => {
    const store = await open();
    const ann = await newBooking(store, 'ann@a.example', ['bob'], slotAt(24));
    const { id } = (await book(store, ann)) as { id: number };
    await book(store, await newBooking(store, 'bea@a.example', ['bob'], slotAt(26)));
    await book(store, await newBooking(store, 'cy@a.example', ['cy'], slotAt(24)));
    const taken = { ok: false, reason: 'slot_taken' };

    expect(await store.transaction(() => store.bookings.moveIfFree(ann.uid, slotAt(26, 60), ['bob'], NOW))).toEqual(taken);
    expect(await store.transaction(() => store.bookings.moveIfFree(ann.uid, ann.slot, ['bob', 'cy'], NOW))).toEqual(taken);
    expect(await store.transaction(() => store.bookings.moveIfFree('nobody@meet.test', slotAt(40), ['bob'], NOW))).toEqual(taken);
    expect(await store.outcomes.booking(ann.uid)).toMatchObject({ id, start: ann.slot.start, hostId: 'bob' });
    expect((await store.reminders.upcoming(NOW, NOW + 25 * HOUR)).map((m) => [m.uid, m.hostIds, m.sequence])).toEqual([
      [ann.uid, ['bob'], 0],
      ['cy@a.example@meet.test', ['cy'], 0],
    ]);
  });

  it('gives a booking back when its calendar event could not be written: gone, and its time free', async () => {
    const store = await open();
    const ann = await newBooking(store, 'ann@a.example', ['bob', 'cy'], slotAt(24));
    await book(store, ann);
    await store.bookings.release(ann.uid);
    await store.bookings.release('nobody@meet.test');
    expect(await store.bookings.idOf(ann.uid)).toBeNull();
    expect(await store.outcomes.booking(ann.uid)).toBeNull();
    expect(await store.bookings.forRouting(['bob', 'cy'], { bookedSince: 0, startFrom: 0, startTo: NOW + 100 * HOUR })).toEqual([]);
    expect(await book(store, await newBooking(store, 'bea@a.example', ['cy'], slotAt(24)))).toMatchObject({ ok: true });
  });

  it("gives routing each host's meetings booked lately or starting in the window, cancelled ones too", async () => {
    const store = await open();
    await book(store, await newBooking(store, 'old@a.example', ['bob'], slotAt(48)), NOW - 10 * 24 * HOUR);
    await book(store, await newBooking(store, 'team@a.example', ['cy', 'bob'], slotAt(2)), NOW - 10 * 24 * HOUR);
    await book(store, await newBooking(store, 'new@a.example', ['bob'], slotAt(300)), NOW - HOUR);
    await book(store, await newBooking(store, 'gone@a.example', ['dan'], slotAt(5)), NOW - HOUR);
    await store.bookings.cancel('gone@a.example@meet.test', NOW);
    const window = { bookedSince: NOW - 24 * HOUR, startFrom: NOW, startTo: NOW + 24 * HOUR };
    const record = (hostId: string, slot: { start: number; end: number }, bookedAt: number, status = 'confirmed') => ({
      hostId,
      campaign: CAMPAIGN,
      ...slot,
      bookedAt,
      status,
    });

    expect(await store.bookings.forRouting(['bob', 'cy', 'dan'], window)).toEqual([
      record('cy', slotAt(2), NOW - 10 * 24 * HOUR),
      record('bob', slotAt(2), NOW - 10 * 24 * HOUR),
      record('bob', slotAt(300), NOW - HOUR),
      record('dan', slotAt(5), NOW - HOUR, 'cancelled'),
    ]);
    expect(await store.bookings.forRouting(['cy'], window)).toEqual([record('cy', slotAt(2), NOW - 10 * 24 * HOUR)]);
    expect(await store.bookings.forRouting(['bob', 'cy'], window, ['team@a.example@meet.test', 'x@meet.test'])).toEqual([
      record('bob', slotAt(300), NOW - HOUR),
    ]);
    // Starting exactly at the window's end is outside it.
    expect(await store.bookings.forRouting(['bob'], { ...window, startTo: NOW + 2 * HOUR })).toEqual([record('bob', slotAt(300), NOW - HOUR)]);
    expect(await store.bookings.forRouting([], window)).toEqual([]);
    expect(await store.bookings.forRouting(['zed'], window)).toEqual([]);
  });
});
