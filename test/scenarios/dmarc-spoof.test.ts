import { describe, expect, it } from 'vitest';
import { harnessesClosedAfterEach, type Harness } from '../support/pipeline-harness.js';
import { ALICE, CALENDARS, campaignYaml, MONDAY } from '../support/e2e-team.js';
import { fixtureResolver } from '../support/fixture-dns.js';
import { authenticate } from '../../src/mail/authenticate.js';

/** Jane's own mail server, which her SPF record names; anything else sending as her fails DMARC (p=reject). */
const JANE_MX = '192.0.2.10';
const ATTACKER = '203.0.113.66';
const JANE = 'Jane Doe <jane@example.com>';
const DNS = fixtureResolver({
  'example.com': { TXT: ['v=spf1 ip4:192.0.2.0/24 -all'] },
  '_dmarc.example.com': { TXT: ['v=DMARC1; p=reject'] },
});

const startHarness = harnessesClosedAfterEach();

/** The real SPF/DKIM/DMARC check against fixture DNS, the client IP chosen per message. */
function checkFrom(h: Harness, ip: () => string): void {
  h.pipeline.deps.authenticate = ({ message }) =>
    authenticate({ raw: message.raw.stream(), clientIp: ip(), helo: 'mail.example.com', envelopeFrom: message.envelopeFrom, mta: 'mx.meet.acme.com', resolver: DNS });
}

describe('a sender who fails DMARC', () => {
  it('cannot book: the pick is handed to a person, nothing is booked and no confirmation goes out', async () => {
    const h = startHarness({ yaml: campaignYaml({ hosts: [ALICE] }), files: CALENDARS, now: MONDAY });
    let ip = JANE_MX;
    checkFrom(h, () => ip);
    await h.receive({ from: JANE, subject: 'Demo', text: 'Hello, could we set up a demo call? Jane' });
    const [offer] = await h.fresh();
    expect(offer!.kind).toBe('reply');

    ip = ATTACKER;
    h.advanceHours(0.2);
    await h.receive(h.inThread(offer!, { from: JANE, text: 'Number 2 works for me.' }));
    const mails = await h.fresh();
    expect(h.bookings()).toEqual([]);
    // Only the owner hears of it: an answer would go to whoever was spoofed.
    expect(mails.map((mail) => mail.kind)).toEqual(['handoff']);
    expect(h.rows(`SELECT json_extract(authentication, '$.dmarc') AS dmarc FROM messages WHERE direction = 'in' ORDER BY id DESC LIMIT 1`)).toEqual([{ dmarc: 'fail' }]);
  });

  it('cannot cancel or move a booked meeting', async () => {
    const h = startHarness({ yaml: campaignYaml({ hosts: [ALICE] }), files: CALENDARS, now: MONDAY });
    let ip = JANE_MX;
    checkFrom(h, () => ip);
    await h.receive({ from: JANE, subject: 'Demo', text: 'Hello, could we set up a demo call? Jane' });
    const [offer] = await h.fresh();
    h.advanceHours(0.2);
    await h.receive(h.inThread(offer!, { from: JANE, text: 'Number 2 works for me.' }));
    const [confirmation] = (await h.fresh()).filter((mail) => mail.kind === 'confirmation');
    const booked = h.bookings();
    expect(booked).toEqual([expect.objectContaining({ status: 'confirmed' })]);

    ip = ATTACKER;
    for (const text of ['Please cancel the meeting, something came up.', 'Can we move it to Thursday at 15:00 instead?']) {
      h.advanceHours(1);
      await h.receive(h.inThread(confirmation!, { from: JANE, text }));
      const mails = await h.fresh();
      expect(mails.map((mail) => mail.kind)).toEqual(['handoff']);
      expect(mails.some((mail) => mail.ics !== null)).toBe(false);
      expect(h.bookings()).toEqual(booked);
    }
  });
});
