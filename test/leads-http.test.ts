import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOSTILE_SUBJECT, JANE_TEXT, PRICING, seedReports, WEBINAR, type ReportFixture } from './support/seed-reports.js';
import { serveReports } from './support/report-server.js';

const TOKEN = 'test-access-token-0123456789';
const SECRET = 'test-outcome-secret-0123456789';
const RANGE = 'since=2026-03-02&until=2026-03-23';
const PROSPECTS = ['jane@a.example', 'raj@b.example', 'li@c.example', 'ana@d.example', 'tom@e.example', 'eve@f.example', 'kim@j.example', 'zoe@k.example'];

interface ApiLead { id: number; email: string; campaign: string; state: string | null; rep: string | null; firstReplySeconds: number | null; meetingStatus: string | null }
interface ApiPage { leads: ApiLead[]; next: string | null }

const fixtures: ReportFixture[] = [];
const servers: Array<{ close(): Promise<void> }> = [];

async function serve(options: { accessToken?: string | null; fixture?: ReportFixture } = {}) {
  const server = await serveReports(options.fixture ?? fixtures[0]!, { accessToken: options.accessToken ?? null, outcomeSecret: SECRET });
  servers.push(server);
  return server.base;
}

const api = async (base: string, query: string): Promise<ApiPage> => (await (await fetch(`${base}/api/leads?${query}`)).json()) as ApiPage;
const hrefs = (page: string) => [...page.matchAll(/href="([^"]*)"/g)].map((match) => match[1]!.replaceAll('&#38;', '&'));

beforeAll(async () => {
  fixtures.push(await seedReports());
});
afterAll(async () => {
  for (const server of servers) await server.close();
  for (const fixture of fixtures) await fixture.store.close();
});

describe('/api/leads and /leads', () => {
  it('lists the window\'s leads newest first, with campaign, state, rep, meeting and time to first reply', async () => {
    const base = await serve();
    const page = await api(base, RANGE);
    expect(page.leads.map((lead) => lead.email)).toEqual(['eve@f.example', 'tom@e.example', 'ana@d.example', 'zoe@k.example', 'li@c.example', 'raj@b.example', 'kim@j.example', 'jane@a.example']);
    expect(page.next).toBeNull();
    expect(page.leads.find((lead) => lead.email === 'jane@a.example')).toMatchObject({ campaign: WEBINAR, state: 'booked', rep: 'alice', meetingStatus: 'confirmed', firstReplySeconds: 30 });
    expect(page.leads.find((lead) => lead.email === 'tom@e.example')).toMatchObject({ state: 'handed_off', rep: null, firstReplySeconds: null });
  });

  it('filters by campaign, state, meeting, rep and dates, and says what is wrong with a bad filter', async () => {
    const base = await serve();
    const emails = async (query: string) => (await api(base, `${RANGE}&${query}`)).leads.map((lead) => lead.email);
    expect(await emails(`campaign=${encodeURIComponent(PRICING)}`)).toEqual(['zoe@k.example', 'kim@j.example']);
    expect(await emails('state=handed_off')).toEqual(['tom@e.example']);
    expect(await emails('meeting=booked')).toEqual(['raj@b.example', 'kim@j.example', 'jane@a.example']);
    expect(await emails('meeting=cancelled')).toEqual(['li@c.example']);
    expect(await emails('meeting=no_show')).toEqual(['raj@b.example']);
    expect(await emails('rep=bob')).toEqual(['eve@f.example', 'zoe@k.example', 'raj@b.example', 'kim@j.example']);
    expect((await api(base, 'since=2026-03-10&until=2026-03-11')).leads.map((lead) => lead.email)).toEqual(['ana@d.example']);
    for (const [query, error] of [
      ['state=sleeping', /state must be one of/],
      ['meeting=maybe', /meeting must be one of/],
      ['rep=carol', /no rep carol/],
      ['campaign=nobody@meet.test', /no campaign/],
      ['since=yesterday', /since\/until/],
      ['after=%3Cscript%3E', /after must be/],
      ['limit=0', /limit must be/],
    ] as const) {
      const response = await fetch(`${base}/api/leads?${query}`);
      expect(response.status).toBe(400);
      expect(((await response.json()) as { error: string }).error).toMatch(error);
    }
    expect((await fetch(`${base}/leads?state=sleeping`)).status).toBe(400);
  });

  it('pages by keyset: every lead once, in order, whatever the page size', async () => {
    const base = await serve();
    const all = (await api(base, RANGE)).leads.map((lead) => lead.id);
    const seen: number[] = [];
    let query = `${RANGE}&limit=3`;
    for (let pages = 0; pages < 10; pages++) {
      const page = await api(base, query);
      expect(page.leads.length).toBeLessThanOrEqual(3);
      seen.push(...page.leads.map((lead) => lead.id));
      if (page.next === null) break;
      query = `${RANGE}&limit=3&after=${page.next}`;
    }
    expect(seen).toEqual(all);
    // The HTML page links its next page the same way.
    const html = await (await fetch(`${base}/leads?${RANGE}`)).text();
    expect(html).not.toContain('id="next-page"');
  });

  it('every count on the reports page links to exactly the leads it counts', async () => {
    const base = await serve();
    const dashboard = await (await fetch(`${base}/?${RANGE}`)).text();
    const report = (await (await fetch(`${base}/api/report?${RANGE}`)).json()) as { total: Record<string, number> };
    const linkOf = (marker: string) => {
      const at = dashboard.indexOf(marker);
      expect(at).toBeGreaterThan(-1);
      return /href="([^"]*)"/.exec(dashboard.slice(at))![1]!.replaceAll('&#38;', '&');
    };
    for (const [marker, figure] of [
      ['data-figure="leads"', 'leads'],
      ['data-figure="booked"', 'booked'],
      ['data-state="handed_off"', 'handedOff'],
      ['data-state="declined"', 'declined'],
      ['data-state="stalled"', 'stalled'],
      ['data-state="unsubscribed"', 'unsubscribed'],
      ['data-state="cancelled"', 'cancelled'],
      ['data-state="held"', 'held'],
      ['data-state="no_show"', 'noShow'],
      ['data-state="disqualified"', 'disqualified'],
    ] as const) {
      const link = linkOf(marker);
      expect(link.startsWith('/leads?')).toBe(true);
      const listed = await api(base, link.slice('/leads?'.length));
      expect([marker, listed.leads.length]).toEqual([marker, report.total[figure]]);
    }
  });

  it('no prospect address in any link, and prospect text stays text', async () => {
    const base = await serve({ accessToken: TOKEN });
    const auth = { headers: { authorization: `Bearer ${TOKEN}` } };
    const list = await (await fetch(`${base}/leads?${RANGE}`, auth)).text();
    const lead = await (await fetch(`${base}/leads/${fixtures[0]!.leads.L1.id}`, auth)).text();
    const queue = await (await fetch(`${base}/handoffs`, auth)).text();
    for (const page of [list, lead, queue]) {
      for (const href of hrefs(page)) for (const address of PROSPECTS) expect(href).not.toContain(address.split('@')[0]!);
    }
    expect(lead).not.toContain(HOSTILE_SUBJECT);
    expect(lead).toContain('&#60;script&#62;alert(1)&#60;/script&#62; Demo');
  });
});

describe('/leads/ID', () => {
  it('shows the thread, how each message was read and every decision; message text only with the token', async () => {
    const { L1 } = fixtures[0]!.leads;
    const open = await serve();
    const hidden = await (await fetch(`${open}/leads/${L1.id}`)).text();
    expect(hidden).toContain('jane@a.example');
    expect(hidden).toContain('id="bodies-hidden"');
    expect(hidden).not.toContain(JANE_TEXT);
    expect(hidden).toContain('new -&#62; offered: offer (alice)');
    expect(hidden).toContain('Also in the thread: sam@a.example');

    const withToken = await serve({ accessToken: TOKEN });
    expect((await fetch(`${withToken}/leads/${L1.id}`)).status).toBe(401);
    const shown = await (await fetch(`${withToken}/leads/${L1.id}`, { headers: { authorization: `Bearer ${TOKEN}` } })).text();
    expect(shown).toContain(JANE_TEXT);
    expect(shown).toContain('Adding myself, I run the team.');
    expect((await fetch(`${open}/leads/999999`)).status).toBe(404);
    expect((await fetch(`${open}/leads/abc`)).status).toBe(404);
  });

  it('a confirmed meeting without an outcome has the rep\'s signed outcome buttons; a recorded one shows its outcome', async () => {
    const { L9, L1 } = fixtures[0]!.leads;
    const base = await serve();
    const page = await (await fetch(`${base}/leads/${L9.id}`)).text();
    const buttons = hrefs(page).filter((href) => href.startsWith('/outcome?'));
    expect(buttons.map((href) => new URLSearchParams(href.split('?')[1]).get('outcome'))).toEqual(['held', 'no_show', 'disqualified']);
    const confirm = await fetch(`${base}${buttons[0]}`);
    expect(confirm.status).toBe(200);
    const held = await (await fetch(`${base}/leads/${L1.id}`)).text();
    expect(held).toContain('held by alice');
    expect(hrefs(held).some((href) => href.startsWith('/outcome?'))).toBe(false);
  });
});

describe('the hand-off queue', () => {
  it('lists handed-off leads nobody took, the longest waiting first; "Taken" takes one off until it is handed over again', async () => {
    const fixture = await seedReports();
    fixtures.push(fixture);
    const { L4, L5 } = fixture.leads;
    // A second hand-off, later than tom's, recorded as a turn that ended with a person.
    fixture.store.db.prepare(`UPDATE conversations SET status = 'handed_off', updated_at = '2026-03-20T10:00:00.000Z' WHERE id = ?`).run(L4.conversationId);
    fixture.store.db.prepare(`INSERT INTO decisions (conversation_id, message_id, kind, actor, summary, detail, created_at) VALUES (?, NULL, 'step', 'code', ?, ?, ?)`)
      .run(L4.conversationId, 'offered -> handed_off: hand_to_human', JSON.stringify({ effects: [{ kind: 'hand_to_human', reason: 'could not understand the prospect twice' }] }), '2026-03-20T10:00:00.000Z');
    const base = await serve({ fixture });
    const queue = await (await fetch(`${base}/handoffs`)).text();
    const order = [...queue.matchAll(/<tr data-lead="(\d+)"/g)].map((match) => Number(match[1]));
    expect(order).toEqual([L5.id, L4.id]);
    expect(queue).toContain('could not understand the prospect twice');
    expect(queue).toContain(`action="/leads/${L5.id}/acknowledge"`);

    for (const headers of [{ origin: 'http://evil.example' }, { origin: 'null' }, { 'sec-fetch-site': 'cross-site', origin: 'null' }]) {
      const foreign = await fetch(`${base}/leads/${L5.id}/acknowledge`, { method: 'POST', headers, redirect: 'manual' });
      expect(foreign.status).toBe(403);
    }
    const taken = await fetch(`${base}/leads/${L5.id}/acknowledge`, { method: 'POST', headers: { origin: base }, redirect: 'manual' });
    expect(taken.status).toBe(303);
    expect(taken.headers.get('location')).toBe('/handoffs');
    const after = await (await fetch(`${base}/handoffs`)).text();
    expect([...after.matchAll(/<tr data-lead="(\d+)"/g)].map((match) => Number(match[1]))).toEqual([L4.id]);
    const again = await fetch(`${base}/leads/${fixture.leads.L1.id}/acknowledge`, { method: 'POST', redirect: 'manual' });
    expect(again.status).toBe(409);
    // Recorded for explain and the lead page.
    expect(fixture.store.db.prepare(`SELECT actor, summary FROM decisions WHERE kind = 'acknowledged'`).all()).toEqual([{ actor: 'ops', summary: 'hand-off taken by a person (web page)' }]);
    const leadPage = await (await fetch(`${base}/leads/${L5.id}`)).text();
    expect(leadPage).toContain('hand-off taken by a person');
    expect(leadPage).not.toContain(`action="/leads/${L5.id}/acknowledge"`);

    // Back with the agent, then handed over again: in the queue again.
    const conversation = fixture.store.db.prepare(`UPDATE conversations SET status = ?, updated_at = ? WHERE id = ?`);
    conversation.run('offered', '2026-03-23T13:00:00.000Z', L5.conversationId);
    conversation.run('handed_off', '2026-03-23T14:00:00.000Z', L5.conversationId);
    const back = await (await fetch(`${base}/handoffs`)).text();
    expect([...back.matchAll(/<tr data-lead="(\d+)"/g)].map((match) => Number(match[1]))).toEqual([L4.id, L5.id]);
  });
});
