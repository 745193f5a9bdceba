import { describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import { harnessesClosedAfterEach, readInvite, pythonIcalendar } from '../support/pipeline-harness.js';
import { ALICE, CALENDARS, campaignYaml, MONDAY } from '../support/e2e-team.js';

const YAML = campaignYaml({ hosts: [ALICE] });
const startHarness = harnessesClosedAfterEach();

/** Offsets no common zone of the team or the likely list has; each used to end the turn in a RangeError. */
const DATE_OFFSETS = [
  { offset: '+05:45', zone: 'Asia/Kathmandu', label: 'Kathmandu time (UTC+5:45)' },
  { offset: '-03:30', zone: 'America/St_Johns', label: 'St Johns time (UTC−3:30)' },
  { offset: '+14:00', zone: 'Etc/GMT-14', label: 'UTC+14' },
  { offset: '-11:00', zone: 'Etc/GMT+11', label: 'UTC−11' },
];

describe("a prospect whose Date header is a fixed offset no usual zone has", () => {
  it.each(DATE_OFFSETS)('$offset: offered times in $zone, the pick booked, the invite correct', async ({ offset, zone, label }) => {
    const h = startHarness({ yaml: YAML, files: CALENDARS, now: MONDAY });
    await h.receive({ from: 'Pat Lee <pat@far.example>', subject: 'Demo', offset, text: 'Hello, could we set up a demo call? Pat' });
    const [offer] = await h.fresh();
    expect(offer!.kind).toBe('reply');
    expect(h.rows(`SELECT prospect_zone FROM conversations`)).toEqual([{ prospect_zone: zone }]);
    expect(offer!.text).toContain(label);
    const slots = h.currentOffer(offer!.conversationId!);
    expect(slots).toHaveLength(3);
    for (const slot of slots) {
      const there = DateTime.fromISO(slot.start_at, { zone });
      expect(offer!.text).toContain(there.toFormat('HH:mm'));
    }

    h.advanceHours(0.2);
    await h.receive(h.inThread(offer!, { from: 'Pat Lee <pat@far.example>', offset, text: 'Number 2, please.' }));
    const [confirmation] = await h.fresh();
    expect(confirmation!.kind).toBe('confirmation');
    expect(h.bookings()).toEqual([expect.objectContaining({ start_at: slots[1]!.start_at })]);
    expect(h.rows(`SELECT count(*) AS n FROM messages WHERE status = 'failed'`)).toEqual([{ n: 0 }]);
    if (pythonIcalendar || process.env.CI === 'true') {
      expect(Date.parse(readInvite(confirmation!.ics!).start)).toBe(Date.parse(slots[1]!.start_at));
    }
  });
});

describe('a prospect who names a bare offset in words', () => {
  it.each([
    { text: "I'm in UTC+8. What times do you have next week?", zone: 'Etc/GMT-8', label: 'UTC+8' },
    { text: 'We are on UTC-9:30 here, which times work?', zone: 'Pacific/Marquesas', label: 'Marquesas time (UTC−9:30)' },
  ])('"$text" → times in $zone', async ({ text, zone, label }) => {
    const h = startHarness({ yaml: YAML, files: CALENDARS, now: MONDAY });
    await h.receive({ from: 'Pat Lee <pat@far.example>', subject: 'Demo', text: 'Hello, could we set up a demo call? Pat' });
    const [first] = await h.fresh();
    h.advanceHours(0.2);
    await h.receive(h.inThread(first!, { from: 'Pat Lee <pat@far.example>', text }));
    const [offer] = await h.fresh();
    expect(offer!.kind).toBe('reply');
    expect(offer!.text).toContain(label);
    expect(h.rows(`SELECT prospect_zone FROM conversations`)).toEqual([{ prospect_zone: zone }]);
    expect(h.rows(`SELECT count(*) AS n FROM messages WHERE status = 'failed'`)).toEqual([{ n: 0 }]);
  });
});

describe('a conversation recorded with a zone the slot code cannot use', () => {
  it.each([
    { stored: 'UTC+5:45', zone: 'Asia/Kathmandu' },
    { stored: 'Mars/Olympus_Mons', zone: 'Europe/London' },
  ])('$stored: the next reply is answered, read in $zone', async ({ stored, zone }) => {
    const h = startHarness({ yaml: YAML, files: CALENDARS, now: MONDAY });
    await h.receive({ from: 'Pat Lee <pat@far.example>', subject: 'Demo', text: 'Hello, could we set up a demo call? Pat' });
    const [first] = await h.fresh();
    h.store.db.prepare(`UPDATE conversations SET prospect_zone = ?`).run(stored);
    h.advanceHours(0.2);
    await h.receive(h.inThread(first!, { from: 'Pat Lee <pat@far.example>', text: 'None of those work, do you have anything on Thursday?' }));
    const [answer] = await h.fresh();
    expect(answer!.kind).toBe('reply');
    expect(h.rows(`SELECT prospect_zone FROM conversations`)).toEqual([{ prospect_zone: zone }]);
    expect(h.rows(`SELECT count(*) AS n FROM messages WHERE status = 'failed'`)).toEqual([{ n: 0 }]);
  });
});
