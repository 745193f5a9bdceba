import { describe, expect, it } from 'vitest';
import { harnessesClosedAfterEach } from '../support/pipeline-harness.js';
import { ALICE, BOB, CALENDARS, campaignYaml, MONDAY } from '../support/e2e-team.js';
import { BY_HAND } from '../../src/store/spool.js';

const startHarness = harnessesClosedAfterEach();
const PAT = 'Pat Lee <pat@burst.example>';

describe('a prospect who sends several mails at once', () => {
  it('six mails in flight together: none fails, every one is recorded, and they are answered in one turn, not six', async () => {
    const h = startHarness({ yaml: campaignYaml({ hosts: [ALICE, BOB] }), files: CALENDARS, now: MONDAY });
    await h.receive({ from: PAT, subject: 'Demo', text: 'Hello, could we set up a demo call? Pat' });
    const [offer] = await h.fresh();
    h.advanceHours(0.2);
    const texts = [
      'Thanks for the times.',
      'Let me check with my team.',
      'Sorry, one more thing.',
      'Do you also do onboarding calls?',
      'Anyway.',
      'Number 2 works for me.',
    ];
    const ids = await Promise.all(texts.map(async (text) => (await h.accept(h.inThread(offer!, { from: PAT, text }))).id));
    const outcomes = await Promise.all(ids.map(async (id) => h.pipeline.process((await h.store.spool.claimById(id, Date.now(), BY_HAND))!)));

    expect(outcomes.every((outcome) => outcome.status === 'processed')).toBe(true);
    expect(h.rows(`SELECT status, count(*) AS n FROM messages WHERE direction = 'in' AND id IN (${ids.join(',')}) GROUP BY status`)).toEqual([
      { status: 'processed', n: 6 },
    ]);
    // The first mail's turn may start before the others arrive; everything behind it is one turn.
    const turns = h.rows(`SELECT message_id FROM decisions WHERE kind = 'step' AND message_id IN (${ids.join(',')})`);
    expect(turns.length).toBeGreaterThanOrEqual(1);
    expect(turns.length).toBeLessThanOrEqual(2);
    const toProspect = (await h.fresh()).filter((mail) => mail.kind === 'reply' || mail.kind === 'confirmation');
    expect(toProspect.some((mail) => mail.text.includes('Do you also do onboarding calls?'))).toBe(true);
    // The last word was the pick: the meeting is booked on the second time offered.
    const slots = h.currentOffer(offer!.conversationId!);
    expect(h.bookings()).toEqual([expect.objectContaining({ start_at: slots[1]!.start_at })]);
    const together = h.rows<{ summary: string }>(`SELECT summary FROM decisions WHERE summary LIKE 'read and answered together%'`);
    expect(together.length).toBeGreaterThanOrEqual(4);
  });

  it('two quick mails: the second is read with the first, the answer covers both', async () => {
    const h = startHarness({ yaml: campaignYaml({ hosts: [ALICE] }), files: CALENDARS, now: MONDAY });
    await h.receive({ from: PAT, subject: 'Demo', text: 'Hello, could we set up a demo call? Pat' });
    const [offer] = await h.fresh();
    h.advanceHours(0.2);
    const first = (await h.accept(h.inThread(offer!, { from: PAT, text: 'Hmm, let me think.' }))).id;
    const second = (await h.accept(h.inThread(offer!, { from: PAT, text: 'The third one, please.' }))).id;
    const third = (await h.accept(h.inThread(offer!, { from: PAT, text: 'Thanks!' }))).id;
    await Promise.all([first, second, third].map(async (id) => h.pipeline.process((await h.store.spool.claimById(id, Date.now(), BY_HAND))!)));
    const slots = h.currentOffer(offer!.conversationId!);
    expect(h.bookings()).toEqual([expect.objectContaining({ start_at: slots[2]!.start_at })]);
    const confirmations = (await h.fresh()).filter((mail) => mail.kind === 'confirmation');
    expect(confirmations).toHaveLength(1);
  });
});
