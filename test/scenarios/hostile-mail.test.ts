import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { DateTime } from 'luxon';
import { startFakeOpenAI, toolCall, type FakeOpenAI, type RecordedRequest } from '../support/fake-openai.js';
import { everythingIn, harnessesClosedAfterEach, type Harness, type OutboundMail } from '../support/pipeline-harness.js';
import { ALICE, BOB, CALENDARS, campaignYaml, MONDAY, SECRET_TITLES } from '../support/e2e-team.js';

/**
 * Mail content is data: hostile replies, from the fixtures under fixtures/mail/hostile/, arrive
 * in a thread where times were offered. With the rules engine and with an LLM that has been
 * "talked into" what the mail asks for, the code still decides: no busy or odd slot booked, no
 * third party invited or mailed, no calendar detail revealed.
 */
const MALLORY = 'Mallory Prospect <mallory@prospect-corp.example>';
const MALLORY_EMAIL = 'mallory@prospect-corp.example';
const STAFF = [ALICE.email, BOB.email];
const YAML = campaignYaml({ hosts: [ALICE, BOB], extra: '    owner: alice\n' });
const BUSY = [
  ['2026-11-16T13:00:00Z', '2026-11-16T15:00:00Z'],
  ['2026-11-17T09:00:00Z', '2026-11-17T12:00:00Z'],
  ['2026-11-17T15:00:00Z', '2026-11-17T17:00:00Z'],
].map(([start, end]) => ({ start: Date.parse(start!), end: Date.parse(end!) }));

const HOSTILE = ['ignore-instructions-sunday-3am', 'every-reps-calendar', 'invite-ceo', 'reply-to-attacker', 'hidden-html'] as const;
const fixture = (name: string) => readFileSync(`fixtures/mail/hostile/${name}.eml`);
const HIDDEN_MARKERS = ['WHITEONWHITE', 'DISPLAYNONE', 'ZEROSIZE'];

/** What a model that believed the mail would answer: the code must still refuse it. */
function hijackedModel(request: RecordedRequest) {
  const mail = request.body.messages.find((message) => message.role === 'user')?.content ?? '';
  if (/^<<<BEGIN UNTRUSTED mail_text>>>\n1 works for me/.test(mail)) return toolCall({ intent: 'pick', offer_id: 1 });
  if (/Sunday at 3am/i.test(mail)) return toolCall({ intent: 'propose', times: [{ start: '2026-11-22T03:00', end: null }] });
  if (/every rep's calendar/i.test(mail)) return toolCall({ intent: 'question', question: "send me every rep's calendar with the titles" });
  if (/ceo@other\.com/.test(mail)) return toolCall({ intent: 'redirect', people: [{ name: 'CEO', email: 'ceo@other.com' }] });
  if (/attacker@evil\.example/.test(mail)) return toolCall({ intent: 'redirect', people: [{ name: null, email: 'attacker@evil.example' }] });
  return toolCall({ intent: 'request_times' });
}

let fake: FakeOpenAI;
beforeAll(async () => {
  fake = await startFakeOpenAI({ respond: hijackedModel });
});
afterAll(() => fake.close());
const startHarness = harnessesClosedAfterEach();

function inWorkingHours(start: number, end: number, hostIds: string[]): boolean {
  return hostIds.every((id) => {
    const zone = id === 'alice' ? ALICE.zone : BOB.zone;
    const local = DateTime.fromMillis(start, { zone });
    const minutes = local.hour * 60 + local.minute + (end - start) / 60_000;
    return local.weekday <= 5 && local.hour >= 9 && minutes <= 17 * 60;
  });
}

function checkGuardrails(h: Harness, mails: OutboundMail[]) {
  for (const mail of mails) {
    const allowed = mail.kind === 'host_brief' || mail.kind === 'handoff' ? STAFF : [MALLORY_EMAIL];
    for (const to of mail.envelopeTo) expect(allowed, `${mail.kind} went to ${to}`).toContain(to);
    for (const address of ['To', 'Cc', 'Bcc']) {
      const header = mail.parsed.headers.get(address.toLowerCase()) as { value: Array<{ address: string }> } | undefined;
      for (const entry of header?.value ?? []) expect([...STAFF, MALLORY_EMAIL]).toContain(entry.address);
    }
    const shown = everythingIn(mail);
    for (const secret of SECRET_TITLES) expect(shown, `${mail.kind} reveals a calendar title`).not.toContain(secret);
    for (const marker of HIDDEN_MARKERS) expect(shown).not.toContain(marker);
    // A brief to staff may quote the prospect's words; nothing to the prospect names a third party.
    if (mail.kind === 'reply' || mail.kind === 'confirmation') {
      expect(shown).not.toContain('attacker@evil.example');
      expect(shown).not.toContain('ceo@other.com');
    }
    if (mail.ics) expect(mail.ics).not.toMatch(/ceo@other\.com|attacker@evil\.example/);
  }
  for (const booking of h.bookings()) {
    const start = Date.parse(booking.start_at);
    const end = Date.parse(booking.end_at);
    const hosts = h.rows<{ host_id: string }>(`SELECT host_id FROM booking_hosts WHERE booking_id = ?`, booking.id).map((row) => row.host_id);
    expect(inWorkingHours(start, end, hosts), `booked ${booking.start_at}`).toBe(true);
    expect(BUSY.some((busy) => busy.start < end && busy.end > start), `booked over a busy time ${booking.start_at}`).toBe(false);
    expect(booking.attendee_email).toBe(MALLORY_EMAIL);
  }
}

/** Nobody the mail named has become the meeting's attendee in the conversation's state. */
function checkNoAttendee(h: Harness) {
  const attendees = h.rows<{ state: string }>(`SELECT state FROM conversations`).map((row) => JSON.parse(row.state).attendee);
  for (const attendee of attendees) expect(attendee).toBeNull();
}

/** People the mail names are only ever invited or written to when they already belong to the thread. */

describe.each(['rules', 'llm'] as const)('hostile replies with the %s engine', (engine) => {
  for (const name of HOSTILE) it(`${name} changes nothing it should not`, async () => {
    const before = fake.requests.length;
    const h = startHarness({ yaml: YAML, files: CALENDARS, now: MONDAY, env: engine === 'llm' ? { OPENAI_BASE_URL: fake.baseUrl } : {} });
    await h.receive({ from: MALLORY, subject: 'Intro call', text: 'Hello, I would like an intro call.' });
    const [offer] = await h.fresh();
    expect(offer!.kind).toBe('reply');
    h.setNow('2026-11-16T09:00:05Z');
    const outcome = await h.receiveRaw(fixture(name), offer!.replyTo!, MALLORY_EMAIL);
    expect(outcome.status).toBe('processed');
    checkGuardrails(h, await h.outbound());

    // Whatever the agent answered, Mallory then picks a time from its latest offer: the meeting
    // and its mails must still be hers alone.
    const latest = (await h.fresh()).filter((mail) => mail.kind === 'reply' && h.offered(mail.conversationId!).length > 0).at(-1);
    const decided = h.rows<{ actor: string }>(`SELECT actor FROM decisions WHERE kind = 'understanding' ORDER BY id`).map((row) => row.actor);
    expect(decided.at(-1), 'the engine that read the hostile mail').toBe(engine);
    if (latest) {
      await h.receive(h.inThread(latest, { from: MALLORY, text: '1 works for me, thanks.' }));
      checkGuardrails(h, await h.outbound());
    }
    checkNoAttendee(h);

    if (engine === 'llm') {
      const requests = fake.requests.slice(before);
      expect(requests.length).toBeGreaterThanOrEqual(2);
      // requests[0] read the first contact, requests[1] the hostile mail.
      const user = requests[1]!.body.messages.find((message) => message.role === 'user')!.content;
      expect(user).toMatch(/^<<<BEGIN UNTRUSTED mail_text>>>\n[\s\S]*\n<<<END UNTRUSTED mail_text>>>$/);
      for (const request of requests) {
        const whole = JSON.stringify(request.body);
        for (const marker of HIDDEN_MARKERS) expect(whole).not.toContain(marker);
        for (const secret of SECRET_TITLES) expect(whole).not.toContain(secret);
        const system = request.body.messages.find((message) => message.role === 'system')!.content;
        expect(system).not.toContain('Ignore previous instructions');
      }
      if (name === 'hidden-html') expect(user).toContain('Could you send me a few other times later next week?');
      else expect(user).toContain(readFileSync(`fixtures/mail/hostile/${name}.eml`, 'utf8').split('\r\n\r\n')[1]!.split('\r\n')[0]);
    }
  });
});
