import { describe, expect, it } from 'vitest';
import { harnessesClosedAfterEach } from '../support/pipeline-harness.js';
import { ALICE, CALENDARS, campaignYaml, PROSPECT } from '../support/e2e-team.js';
import { BY_HAND } from '../../src/store/spool.js';

const YAML = campaignYaml({ hosts: [ALICE] });

const startHarness = harnessesClosedAfterEach();

describe('a worker that dies between writing the booking and committing the turn', () => {
  // BUG (pipeline/calendar-effects.ts book + pipeline/turn.ts): the booking row is committed in
  // its own transaction before commitTurn. If the process dies in between, the retry reads the
  // calendar fresh, sees the slot busy with the prospect's own booking, and answers "Sorry, that
  // time has just been taken" with new times, while a confirmed booking for them stays in the
  // database (and, on Google, an event with invitations sent). The retry should find the
  // booking by its turn-derived uid and finish the confirmation (e.g. look up
  // bookings.byUid(uid of this turnKey) before stepping, or count it as free for this turn).
  it('the retried message confirms the booking it already made instead of offering new times', async () => {
    const h = startHarness({ yaml: YAML, files: CALENDARS, now: '2026-11-15T20:00:00Z' });
    await h.receive({ from: PROSPECT, subject: 'Intro', text: 'Hello, I would like an intro call.' });
    const [offer] = await h.fresh();
    const slots = h.currentOffer(offer!.conversationId!);

    // The first attempt dies while committing (queueing the confirmation).
    const queue = h.store.outbox.queue;
    h.store.outbox.queue = () => {
      throw new Error('simulated crash while committing');
    };
    const pick = await h.accept(h.inThread(offer!, { from: PROSPECT, text: 'Number 2 please.' }));
    await expect(h.pipeline.process((await h.store.spool.claimById(pick.id, Date.now(), BY_HAND))!)).resolves.toMatchObject({ status: 'retrying', reason: 'simulated crash while committing' });
    h.store.outbox.queue = queue;
    expect(h.bookings()).toHaveLength(1);

    // Its next attempt.
    await h.pipeline.process((await h.store.spool.claimById(pick.id, Date.now(), BY_HAND))!);
    const mails = await h.fresh();
    expect(mails.map((mail) => mail.kind)).toEqual(['confirmation', 'host_brief']);
    expect(h.bookings()).toEqual([expect.objectContaining({ start_at: slots[1]!.start_at, status: 'confirmed' })]);
    expect(h.conversationStatus(offer!.conversationId!)).toBe('booked');
  });
});
