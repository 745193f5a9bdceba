import { describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import { harnessesClosedAfterEach, readInvite } from '../support/pipeline-harness.js';
import { ALICE, CALENDARS, campaignYaml, PROSPECT, PROSPECT_EMAIL, WEBINAR } from '../support/e2e-team.js';

const YAML = campaignYaml({ hosts: [ALICE] });
/** Sunday evening: every offered time stays bookable while the thread goes on. */
const SUNDAY_EVENING = '2026-11-15T20:00:00Z';
const TOM = 'Tom Roe <tom.roe@acme-customer.com>';

const startHarness = harnessesClosedAfterEach();

describe("the prospect's colleague answers in the thread", () => {
  it('to the +token address: the same lead, the colleague becomes a contact, and the agent answers them', async () => {
    const h = startHarness({ yaml: YAML, files: CALENDARS, now: SUNDAY_EVENING });
    await h.receive({ from: PROSPECT, subject: 'Intro', text: 'Hello, I would like an intro call. Jane' });
    const [offer] = await h.fresh();
    const slots = h.currentOffer(offer!.conversationId!);
    h.advanceHours(0.2);
    await h.receive(h.inThread(offer!, { from: TOM, text: "Hi, I'm Jane's colleague and I'll join too. Number 2 works for us." }));
    const mails = await h.fresh();
    expect(mails.map((mail) => mail.kind)).toEqual(['confirmation', 'host_brief']);
    expect(mails[0]!.envelopeTo).toContain('tom.roe@acme-customer.com');
    expect(mails[0]!.text).toMatch(/^Hi Tom,/);
    expect(h.bookings()).toEqual([expect.objectContaining({ start_at: slots[1]!.start_at, conversation_id: offer!.conversationId })]);

    expect(h.rows(`SELECT email FROM leads`)).toEqual([{ email: PROSPECT_EMAIL }]);
    expect(h.rows(`SELECT c.email FROM contacts c JOIN leads l ON l.id = c.lead_id`)).toContainEqual({ email: 'tom.roe@acme-customer.com' });
    expect(h.rows(`SELECT count(*) AS n FROM conversations`)).toEqual([{ n: 1 }]);
    const report = await h.report(Date.parse(SUNDAY_EVENING) - 86_400_000, h.now + 86_400_000);
    expect(report.rows.find((row) => row.key === WEBINAR)).toMatchObject({ leads: 1, booked: 1 });
  });

  it('a colleague who picks with the lead in CC: both are on the invitation and both receive it, for the booking, a move and the cancellation', async () => {
    const h = startHarness({ yaml: YAML, files: CALENDARS, now: SUNDAY_EVENING });
    await h.receive({ from: PROSPECT, subject: 'Intro', text: 'Hello, I would like an intro call. Jane' });
    const [offer] = await h.fresh();
    h.advanceHours(0.2);
    await h.receive(h.inThread(offer!, { from: TOM, cc: PROSPECT, text: 'Hi, Jane asked me to pick a time. The first one works.' }));
    const [confirmation, brief] = await h.fresh();
    expect(confirmation!.kind).toBe('confirmation');
    const both = ['jane.doe@acme-customer.com', 'tom.roe@acme-customer.com'];
    expect([...confirmation!.envelopeTo].sort()).toEqual(both);
    const attendees = (ics: string) => readInvite(ics).attendees.map((address) => address.toLowerCase().replace(/^mailto:/, '')).sort();
    expect(attendees(confirmation!.ics!)).toEqual(expect.arrayContaining(both));
    expect(attendees(brief!.ics!)).toEqual(expect.arrayContaining(both));
    // The booking is still the lead's.
    expect(h.bookings()).toEqual([expect.objectContaining({ attendee_email: PROSPECT_EMAIL })]);

    h.advanceHours(0.2);
    await h.receive(h.inThread(confirmation!, { from: PROSPECT, text: 'Can we move it? What else do you have?' }));
    const [times] = await h.fresh();
    h.advanceHours(0.2);
    await h.receive(h.inThread(times!, { from: PROSPECT, text: '2 please' }));
    const [moved] = await h.fresh();
    expect(moved!.kind).toBe('confirmation');
    expect([...moved!.envelopeTo].sort()).toEqual(both);
    expect(attendees(moved!.ics!)).toEqual(expect.arrayContaining(both));

    h.advanceHours(0.2);
    await h.receive(h.inThread(moved!, { from: PROSPECT, text: 'Sorry, we need to cancel the meeting.' }));
    const [cancelled] = await h.fresh();
    expect(cancelled!.icsMethod).toBe('CANCEL');
    expect([...cancelled!.envelopeTo].sort()).toEqual(both);
    expect(attendees(cancelled!.ics!)).toEqual(expect.arrayContaining(both));
  });

  it('someone outside the company, writing without the lead in copy, does not join the meeting', async () => {
    const h = startHarness({ yaml: YAML, files: CALENDARS, now: SUNDAY_EVENING });
    await h.receive({ from: PROSPECT, subject: 'Intro', text: 'Hello, I would like an intro call. Jane' });
    const [offer] = await h.fresh();
    h.advanceHours(0.2);
    await h.receive(h.inThread(offer!, { from: 'Pat Agent <pat@assistants.example>', text: 'Booking for Jane: the first one works.' }));
    const [confirmation] = await h.fresh();
    expect(confirmation!.kind).toBe('confirmation');
    const attendees = readInvite(confirmation!.ics!).attendees.map((address) => address.toLowerCase());
    expect(attendees.some((address) => address.includes('pat@assistants.example'))).toBe(false);
    expect(attendees.some((address) => address.includes(PROSPECT_EMAIL))).toBe(true);
    // The lead is the attendee, so the invitation reaches her too.
    expect(confirmation!.envelopeTo).toContain(PROSPECT_EMAIL);
  });

  it('a forward to the bare campaign address, referencing the offer: still the same thread and lead', async () => {
    const h = startHarness({ yaml: YAML, files: CALENDARS, now: SUNDAY_EVENING });
    await h.receive({ from: PROSPECT, subject: 'Intro', text: 'Hello, I would like an intro call. Jane' });
    const [offer] = await h.fresh();
    h.advanceHours(0.2);
    await h.receive({
      from: TOM,
      rcpt: WEBINAR,
      subject: 'Re: Intro',
      inReplyTo: offer!.messageId,
      references: [offer!.messageId!],
      text: 'Jane forwarded me this. The third time is good for me.',
    });
    const mails = await h.fresh();
    expect(mails.map((mail) => mail.kind)).toEqual(['confirmation', 'host_brief']);
    expect(h.rows(`SELECT count(*) AS n FROM leads`)).toEqual([{ n: 1 }]);
    expect(h.rows(`SELECT count(*) AS n FROM conversations`)).toEqual([{ n: 1 }]);
  });
});

describe('languages', () => {
  it('a French first message is answered in French, in the sender\'s zone ("heure de Paris"), and the pick confirmed in French', async () => {
    const h = startHarness({ yaml: YAML, files: CALENDARS, now: SUNDAY_EVENING });
    await h.receive({
      from: 'Marie Dupont <marie.dupont@exemple.fr>',
      subject: 'Démonstration',
      offset: '+01:00',
      text: 'Bonjour,\n\nJe souhaiterais organiser une démonstration de votre produit avec un membre de votre équipe.\n\nCordialement,\nMarie',
    });
    const [offer] = await h.fresh();
    expect(offer!.text).toMatch(/^Bonjour Marie,/);
    expect(offer!.text).toContain('heure de Paris (UTC+1)');
    expect(offer!.text).toContain('Voici quelques créneaux');
    const slots = h.currentOffer(offer!.conversationId!);
    expect(slots).toHaveLength(3);
    for (const slot of slots) {
      const paris = DateTime.fromISO(slot.start_at, { zone: 'Europe/Paris', locale: 'fr' });
      expect(offer!.text).toContain(`${paris.toFormat('cccc d LLLL, HH:mm')}`);
    }
    expect(offer!.text).not.toMatch(/All times are|Monday|Tuesday|Wednesday|Thursday|Friday/);

    h.advanceHours(0.2);
    await h.receive(h.inThread(offer!, { from: 'Marie Dupont <marie.dupont@exemple.fr>', offset: '+01:00', text: 'Le 2 me convient parfaitement, merci.' }));
    const [confirmation] = await h.fresh();
    expect(confirmation!.kind).toBe('confirmation');
    expect(confirmation!.text).toContain('C’est réservé avec Alice Moreau');
    expect(confirmation!.text).toContain('heure de Paris (UTC+1)');
    expect(h.bookings()).toEqual([expect.objectContaining({ start_at: slots[1]!.start_at })]);
  });
});
