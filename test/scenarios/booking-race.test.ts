import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { barrier, harnessesClosedAfterEach, offerTo as offerToWith, type Harness } from '../support/pipeline-harness.js';
import { ALICE, CALENDARS, campaignYaml, MONDAY } from '../support/e2e-team.js';
import { BY_HAND } from '../../src/store/spool.js';

const YAML = campaignYaml({ hosts: [ALICE] });
// Without holds both prospects are offered the same times, as they are when the team has no others.
const UNHELD = campaignYaml({ hosts: [ALICE], extra: '    offer_hold_minutes: 0\n' });

const startHarness = harnessesClosedAfterEach();

const offerTo = (h: Harness, from: string) => offerToWith(h, from, 'Hello, could we talk next week?');

describe('two prospects pick the same slot at once', () => {
  it('two service processes on one SQLite file: exactly one booking, the other prospect gets fresh times', async () => {
    const a = startHarness({ yaml: UNHELD, files: CALENDARS, now: MONDAY });
    const b = startHarness({ yaml: UNHELD, files: CALENDARS, now: MONDAY, databasePath: join(a.dir, 'test.db') });

    const offerA = await offerTo(a, 'Ann Prospect <ann@alpha.example>');
    const offerB = await offerTo(b, 'Ben Prospect <ben@beta.example>');
    const slotsA = a.currentOffer(offerA.conversationId!);
    const slotsB = a.currentOffer(offerB.conversationId!);
    expect(slotsB.map((slot) => slot.start_at)).toEqual(slotsA.map((slot) => slot.start_at));

    const gate = barrier(2);
    a.pipeline.deps.calendars = gate.wrap(a.pipeline.deps.calendars);
    b.pipeline.deps.calendars = gate.wrap(b.pipeline.deps.calendars);
    gate.arm();
    a.advanceHours(1);
    b.advanceHours(1);
    const pickA = await a.accept(a.inThread(offerA, { from: 'Ann Prospect <ann@alpha.example>', text: '2 please' }));
    const pickB = await b.accept(b.inThread(offerB, { from: 'Ben Prospect <ben@beta.example>', text: 'The second one works.' }));
    const outcomes = await Promise.all([
      a.pipeline.process((await a.store.spool.claimById(pickA.id, Date.now(), BY_HAND))!),
      b.pipeline.process((await b.store.spool.claimById(pickB.id, Date.now(), BY_HAND))!),
    ]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['processed', 'processed']);

    const bookings = a.bookings();
    expect(bookings).toHaveLength(1);
    expect(bookings[0]).toMatchObject({ start_at: slotsA[1]!.start_at, status: 'confirmed' });
    const winner = bookings[0]!.attendee_email;
    const loser = winner === 'ann@alpha.example' ? 'ben@beta.example' : 'ann@alpha.example';

    const after = (await a.outbound()).filter((mail) => mail.id > Math.max(offerA.id, offerB.id));
    const toWinner = after.filter((mail) => mail.envelopeTo.includes(winner));
    const toLoser = after.filter((mail) => mail.envelopeTo.includes(loser));
    expect(toWinner.map((mail) => mail.kind)).toEqual(['confirmation']);
    expect(toWinner[0]!.ics).not.toBeNull();
    expect(toLoser.map((mail) => mail.kind)).toEqual(['reply']);
    expect(toLoser[0]!.text).toContain('Sorry, that time has just been taken');
    expect(toLoser[0]!.ics).toBeNull();
    // The loser's fresh times never include the slot the winner took.
    const loserConversation = toLoser[0]!.conversationId!;
    const fresh = a.currentOffer(loserConversation).map((slot) => slot.start_at);
    expect(fresh).toHaveLength(3);
    expect(fresh).not.toContain(bookings[0]!.start_at);
    // One host brief, for the one meeting.
    expect(after.filter((mail) => mail.kind === 'host_brief')).toHaveLength(1);
    const steps = a.rows<{ summary: string }>(`SELECT summary FROM decisions WHERE kind = 'step' AND conversation_id = ? ORDER BY id`, loserConversation);
    expect(steps.at(-1)!.summary).toBe('offered -> offered: offer');
  });

  // BUG (process-message.ts / commit.ts): the duplicate check runs before the turn, outside the
  // commit transaction, so two workers (the spool's claim supports several) that take two spooled
  // copies of one message both pass it. The second copy's booking clashes with the first's,
  // the prospect who just booked is told "that time has just been taken" with new times, and the
  // conversation is saved back to 'offered' over 'booked'.
  it('the same pick, spooled twice and processed by two workers at once, books once and confirms once', async () => {
    const a = startHarness({ yaml: YAML, files: CALENDARS, now: MONDAY });
    const b = startHarness({ yaml: YAML, files: CALENDARS, now: MONDAY, databasePath: join(a.dir, 'test.db') });
    const offer = await offerTo(a, 'Ann Prospect <ann@alpha.example>');
    a.advanceHours(1);
    b.advanceHours(1);
    const spec = a.inThread(offer, { from: 'Ann Prospect <ann@alpha.example>', text: '1', messageId: '<same-pick@alpha.example>' });
    const first = await a.accept(spec);
    const second = await a.accept(spec);
    await Promise.all([a.pipeline.process((await a.store.spool.claimById(first.id, Date.now(), BY_HAND))!), b.pipeline.process((await b.store.spool.claimById(second.id, Date.now(), BY_HAND))!)]);
    expect(a.bookings()).toHaveLength(1);
    const mails = await a.fresh();
    expect(mails.filter((mail) => mail.kind === 'confirmation')).toHaveLength(1);
    expect(mails.filter((mail) => mail.kind === 'reply')).toHaveLength(0);
    expect(a.conversationStatus(offer.conversationId!)).toBe('booked');
  });

  // BUG (pipeline/turn.ts + commit.ts): a turn saves the conversation state it loaded before its
  // awaits (calendar reads) without checking that nobody changed it meanwhile. The worker runs the
  // follow-up loop beside the inbound loop, so a follow-up tick that loaded the conversation just
  // before the prospect's pick was committed writes 'offered' (and booking: null) back over
  // 'booked' and mails a nudge with fresh times after the confirmation.
  it('a follow-up tick that read the conversation before a pick committed does not undo the booking', async () => {
    const yaml = campaignYaml({ hosts: [ALICE], followUpAfterHours: 24 });
    const h = startHarness({ yaml, files: CALENDARS, now: MONDAY });
    const offer = await offerTo(h, 'Ann Prospect <ann@alpha.example>');
    const slots = h.currentOffer(offer.conversationId!);
    h.advanceHours(24.5);
    // The follow-up tick loads the conversation, then waits on its calendar read while the pick runs.
    const calendars = h.pipeline.deps.calendars;
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let first = true;
    h.pipeline.deps.calendars = (host) => {
      const provider = calendars(host);
      return {
        ...provider,
        busy: async (x, window) => {
          if (first) {
            first = false;
            await held;
          }
          return provider.busy(x, window);
        },
      };
    };
    const tick = h.followUps();
    const pick = await h.accept(h.inThread(offer, { from: 'Ann Prospect <ann@alpha.example>', text: '3 works for me' }));
    await h.pipeline.process((await h.store.spool.claimById(pick.id, Date.now(), BY_HAND))!);
    release();
    await tick;
    expect(h.bookings()).toEqual([expect.objectContaining({ start_at: slots[2]!.start_at, status: 'confirmed' })]);
    const mails = await h.fresh();
    expect(mails.map((mail) => mail.kind)).toEqual(['confirmation', 'host_brief']);
    expect(h.conversationStatus(offer.conversationId!)).toBe('booked');
    const state = JSON.parse(h.rows<{ state: string }>(`SELECT state FROM conversations WHERE id = ?`, offer.conversationId!)[0]!.state);
    expect(state.booking).not.toBeNull();
  });
});
