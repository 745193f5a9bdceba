import { describe, expect, it } from 'vitest';
import { harnessesClosedAfterEach } from '../support/pipeline-harness.js';
import { ALICE, CALENDARS, campaignYaml, MONDAY, PROSPECT, WEBINAR } from '../support/e2e-team.js';

const yaml = (extra: string) => campaignYaml({ hosts: [ALICE], extra });

const startHarness = harnessesClosedAfterEach();

describe('forward_to', () => {
  it('the CRM inbox gets every inbound message unchanged, with the campaign and lead named, once', async () => {
    const h = startHarness({ yaml: yaml('    forward_to: crm@acme.com\n'), files: CALENDARS, now: MONDAY });
    const first = await h.receive({ from: PROSPECT, subject: 'Demo', text: 'Hi, I would like a demo.' });
    const raw = h.rows<{ raw: Buffer }>(`SELECT raw FROM message_bodies ORDER BY message_id LIMIT 1`)[0]!.raw;
    const copies = h.rows<{ envelope_to: string; raw: Buffer; kind: string }>(
      `SELECT envelope_to, raw, kind FROM messages WHERE direction = 'out' AND kind = 'forward'`,
    );
    expect(copies).toHaveLength(1);
    expect(JSON.parse(copies[0]!.envelope_to)).toEqual(['crm@acme.com']);
    const copy = copies[0]!.raw.toString('utf8');
    expect(copy).toContain(`X-Campaign-Agent-Campaign: ${WEBINAR}`);
    expect(copy).toMatch(/X-Campaign-Agent-Lead: \d+/);
    expect(copy.endsWith(raw.toString('utf8'))).toBe(true);
    expect(first.outcome).toMatchObject({ status: 'processed', kind: 'human' });

    // A robot's message is copied too (the CRM sees everything), but never answered.
    await h.receive({ from: 'MAILER-DAEMON@mx.example.net', subject: 'Undelivered Mail Returned to Sender', text: 'bounce' });
    const all = h.rows<{ n: number }>(`SELECT count(*) AS n FROM messages WHERE direction = 'out' AND kind = 'forward'`);
    expect(all[0]!.n).toBe(2);
  });
});

describe('a hard cap on agent mail', () => {
  it('past messages_per_conversation the agent goes quiet and a person gets the thread', async () => {
    const h = startHarness({
      yaml: yaml('    limits: { messages_per_conversation: 2, messages_per_sender_per_day: 10 }\n'),
      files: CALENDARS,
      now: MONDAY,
    });
    await h.receive({ from: PROSPECT, subject: 'Demo', text: 'Hi, I would like a demo.' });
    let [last] = await h.fresh();
    const replies: string[] = [last!.kind];
    for (const text of ['None of these work, other times?', 'Still none, anything else?', 'And more?']) {
      h.advanceHours(1);
      await h.receive(h.inThread(last!, { from: PROSPECT, text }));
      const mails = await h.fresh();
      replies.push(...mails.map((mail) => mail.kind));
      last = mails.find((mail) => mail.kind === 'reply') ?? last;
    }
    expect(replies.filter((kind) => kind === 'reply')).toHaveLength(2);
    expect(replies).toContain('handoff');
  });
});
