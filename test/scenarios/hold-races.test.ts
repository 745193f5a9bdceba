import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { barrier, harnessesClosedAfterEach, icsCalendar, offerTo } from '../support/pipeline-harness.js';
import { ALICE, CALENDARS, campaignYaml, MONDAY } from '../support/e2e-team.js';
import { BY_HAND } from '../../src/store/spool.js';

const startHarness = harnessesClosedAfterEach();
const HOLD_MINUTES = 60;
const YAML = campaignYaml({ hosts: [ALICE], extra: `    offer_hold_minutes: ${HOLD_MINUTES}\n` });
const ANN = 'Ann Prospect <ann@alpha.example>';
const BEN = 'Ben Prospect <ben@beta.example>';

const overlap = (a: { start_at: string; end_at: string }, b: { start_at: string; end_at: string }) =>
  Date.parse(a.start_at) < Date.parse(b.end_at) && Date.parse(b.start_at) < Date.parse(a.end_at);


describe('holds under races', () => {
  it('two leads who both ask for "next week" are offered different times in it, one after the other', async () => {
    const h = startHarness({ yaml: YAML, files: CALENDARS, now: MONDAY });
    const ann = await offerTo(h, ANN, 'Hello, could we talk next week?');
    const ben = await offerTo(h, BEN, 'Hi, could we talk next week?');
    const annTimes = h.currentOffer(ann.conversationId!);
    const benTimes = h.currentOffer(ben.conversationId!);
    expect(benTimes).toHaveLength(3);
    for (const time of benTimes) {
      expect(annTimes.some((taken) => overlap(taken, time))).toBe(false);
      // Still inside the week they asked for.
      expect(Date.parse(time.start_at)).toBeGreaterThanOrEqual(Date.parse('2026-11-23T00:00:00Z'));
      expect(Date.parse(time.start_at)).toBeLessThan(Date.parse('2026-11-30T00:00:00Z'));
    }
  });

  it('two leads asking for "next week" at the same moment: the turn that decided second reads again and offers other times', async () => {
    const h = startHarness({ yaml: YAML, files: CALENDARS, now: MONDAY });
    const gate = barrier(2);
    h.pipeline.deps.calendars = gate.wrap(h.pipeline.deps.calendars);
    gate.arm();
    const annMail = await h.accept({ from: ANN, subject: 'Demo', text: 'Hello, could we talk next week?' });
    const benMail = await h.accept({ from: BEN, subject: 'Demo', text: 'Hi, could we talk next week?' });
    const outcomes = await Promise.all([annMail, benMail].map(async ({ id }) => h.pipeline.process((await h.store.spool.claimById(id, Date.now(), BY_HAND))!)));
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['processed', 'processed']);

    const [first, second] = await h.fresh();
    const firstTimes = h.currentOffer(first!.conversationId!);
    const secondTimes = h.currentOffer(second!.conversationId!);
    expect(secondTimes).toHaveLength(3);
    for (const time of secondTimes) expect(firstTimes.some((taken) => overlap(taken, time))).toBe(false);
    const metrics = h.pipeline.deps.metrics as unknown as { render(): Promise<string> };
    expect(await metrics.render()).toMatch(/campaign_agent_hold_conflicts_total\{kind="claimed_meanwhile"\} 1/);
  });

  it('a pick of a time whose hold ran out and that another lead booked: an honest "just taken" and fresh times', async () => {
    const h = startHarness({ yaml: YAML, files: CALENDARS, now: MONDAY });
    const ann = await offerTo(h, ANN, 'Hi, can we set up a demo?');
    const annFirst = h.currentOffer(ann.conversationId!)[0]!;

    // Ann's hold runs out; Ben, writing later, is offered her first time and takes it.
    h.advanceHours(HOLD_MINUTES / 60 + 0.5);
    const ben = await offerTo(h, BEN, 'Hello, I would like a demo call.');
    expect(h.currentOffer(ben.conversationId!)[0]).toMatchObject({ start_at: annFirst.start_at });
    await h.receive(h.inThread(ben, { from: BEN, text: '1 works.' }));
    expect(h.bookings().map((booking) => [booking.attendee_email, booking.start_at])).toEqual([['ben@beta.example', annFirst.start_at]]);
    await h.fresh();

    await h.receive(h.inThread(ann, { from: ANN, text: 'The first one, please.' }));
    const [answer] = await h.fresh();
    expect(answer).toMatchObject({ kind: 'reply' });
    expect(answer!.text).toContain('Sorry, that time has just been taken');
    expect(answer!.ics).toBeNull();
    const fresh = h.currentOffer(ann.conversationId!);
    expect(fresh).toHaveLength(3);
    expect(fresh.some((time) => overlap(time, annFirst))).toBe(false);
    expect(h.bookings()).toHaveLength(1);
    // Her new times are held for her again.
    const held = h.rows<{ start_at: string }>(`SELECT start_at FROM slot_holds WHERE conversation_id = ? AND tentative = 0 ORDER BY position`, ann.conversationId);
    expect(held.map((row) => row.start_at)).toEqual(fresh.map((time) => time.start_at));
  });

  it('a held time the rep fills by hand is let go: the pick gets fresh times, and the next lead may be offered the freed ones', async () => {
    const h = startHarness({ yaml: YAML, files: CALENDARS, now: MONDAY });
    const ann = await offerTo(h, ANN, 'Hi, can we set up a demo?');
    const [annFirst, annSecond] = h.currentOffer(ann.conversationId!);

    // Alice books her own meeting over Ann's first option, straight in her calendar.
    writeFileSync(join(h.dir, 'calendars/alice.ics'), icsCalendar([
      { start: '2026-11-16T13:00:00Z', end: '2026-11-16T15:00:00Z', summary: 'CONFIDENTIAL Project Falcon review' },
      { start: '2026-11-17T09:00:00Z', end: '2026-11-17T12:00:00Z', summary: 'Board: layoffs' },
      { start: annFirst!.start_at, end: annFirst!.end_at, summary: 'Customer call booked by hand' },
    ]));
    h.advanceHours(0.25);
    await h.receive(h.inThread(ann, { from: ANN, text: '1 please' }));
    const [answer] = await h.fresh();
    expect(answer!.text).toContain('Sorry, that time has just been taken');
    expect(h.bookings()).toHaveLength(0);
    const fresh = h.currentOffer(ann.conversationId!);
    expect(fresh.some((time) => overlap(time, annFirst!))).toBe(false);
    // The old offer's holds are gone: only the new times are held for Ann.
    const held = h.rows<{ start_at: string }>(`SELECT start_at FROM slot_holds WHERE conversation_id = ? ORDER BY position`, ann.conversationId);
    expect(held.map((row) => row.start_at)).toEqual(fresh.map((time) => time.start_at));
    if (!fresh.some((time) => time.start_at === annSecond!.start_at)) {
      const ben = await offerTo(h, BEN, 'Hello, I would like a demo call.');
      expect(h.currentOffer(ben.conversationId!).some((time) => fresh.some((held) => overlap(held, time)))).toBe(false);
    }
  });
});
