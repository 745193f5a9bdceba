import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMetrics } from '../src/metrics/metrics.js';
import { outcomeLink } from '../src/core/outcome-link.js';
import { NOW, PRICING, seedReports, WEBINAR, type ReportFixture } from './support/seed-reports.js';
import { serveReports, type ReportServerOptions } from './support/report-server.js';

const TOKEN = 'test-access-token-0123456789';
const SECRET = 'test-outcome-secret-0123456789';
const RANGE = 'since=2026-03-02&until=2026-03-23';

let fixture: ReportFixture;
const servers: Array<{ close(): Promise<void> }> = [];

async function serve(options: ReportServerOptions = {}) {
  const server = await serveReports(fixture, options);
  servers.push(server);
  return server.base;
}

beforeAll(async () => {
  fixture = await seedReports();
});
afterAll(async () => {
  for (const server of servers) await server.close();
  await fixture.store.close();
});

describe('JSON API and health', () => {
  it('/api/report has the figures behind the page, by any dimension', async () => {
    const base = await serve();
    const response = await fetch(`${base}/api/report?${RANGE}&by=week`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { by: string; rows: Array<Record<string, unknown>>; total: Record<string, unknown>; funnel: unknown[] };
    expect(body.by).toBe('week');
    expect(body.rows.map((row) => [row.week, row.leads, row.booked])).toEqual([['2026-03-02', 4, 3], ['2026-03-09', 4, 0], ['2026-03-16', 0, 0]]);
    expect(body.total).toMatchObject({ leads: 8, booked: 3, bookingRate: 0.375, cancelled: 1, medianFirstReplySeconds: 20 });
    const one = (await (await fetch(`${base}/api/report?${RANGE}&campaign=${encodeURIComponent(PRICING)}`)).json()) as { rows: Array<Record<string, unknown>> };
    expect(one.rows).toHaveLength(1);
    expect(one.rows[0]).toMatchObject({ campaign: PRICING, leads: 2, booked: 1, disqualified: 1 });
    expect((await fetch(`${base}/api/report?by=day`)).status).toBe(400);
    expect((await fetch(`${base}/api/report?since=yesterday`)).status).toBe(400);
    expect((await fetch(`${base}/api/report?campaign=nobody@meet.test`)).status).toBe(400);
  });

  it('/healthz answers without a token even when one is configured', async () => {
    const base = await serve({ accessToken: TOKEN });
    const response = await fetch(`${base}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'ok', database: true, smtp: true });
  });

  it('/metrics is Prometheus text from the service registry', async () => {
    const metrics = createMetrics({ processMetrics: false });
    metrics.messageReceived(WEBINAR);
    metrics.messageReceived(WEBINAR);
    metrics.messageRefused('unknown_recipient');
    metrics.messageAnswered(WEBINAR);
    metrics.pipelineLatency(0.3);
    metrics.bookingMade(WEBINAR, 'alice');
    metrics.llmCall('timeout');
    metrics.llmFallback('timeout');
    metrics.calendarError('google', 'rate_limited');
    const base = await serve({ metrics });
    const response = await fetch(`${base}/metrics`);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await response.text();
    for (const line of [
      `campaign_agent_messages_received_total{campaign="${WEBINAR}"} 2`,
      'campaign_agent_messages_refused_total{reason="unknown_recipient"} 1',
      `campaign_agent_messages_answered_total{campaign="${WEBINAR}"} 1`,
      'campaign_agent_pipeline_latency_seconds_bucket{le="0.25"} 0',
      'campaign_agent_pipeline_latency_seconds_bucket{le="0.5"} 1',
      'campaign_agent_pipeline_latency_seconds_count 1',
      `campaign_agent_bookings_total{campaign="${WEBINAR}",host="alice"} 1`,
      'campaign_agent_llm_calls_total{outcome="timeout"} 1',
      'campaign_agent_llm_fallbacks_total{reason="timeout"} 1',
      'campaign_agent_calendar_errors_total{provider="google",code="rate_limited"} 1',
    ]) {
      expect(text.split('\n')).toContain(line);
    }
  });
});

describe('access', () => {
  it('without a configured token: numbers and subjects, escaped, but no message text', async () => {
    const base = await serve();
    const response = await fetch(`${base}/?${RANGE}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
    const page = await response.text();
    expect(page).toContain('Webinar &#60;Q3&#62; &#38; &#34;friends&#34;');
    expect(page).toContain('&#60;script&#62;alert(1)&#60;/script&#62; Demo');
    expect(page).not.toMatch(/<script/i);
    expect(page).not.toContain('Adding myself');
    expect(page).toContain('id="bodies-hidden"');
  });

  it('with a token: 401 without it; a bearer header or ?token= (then a cookie) shows message text', async () => {
    const base = await serve({ accessToken: TOKEN });
    expect((await fetch(`${base}/?${RANGE}`)).status).toBe(401);
    expect((await fetch(`${base}/metrics`)).status).toBe(401);
    expect((await fetch(`${base}/api/report`, { headers: { authorization: 'Bearer wrong' } })).status).toBe(401);
    expect((await fetch(`${base}/?token=wrong`, { redirect: 'manual' })).status).toBe(401);

    const bearer = await fetch(`${base}/?${RANGE}`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(bearer.status).toBe(200);
    expect(await bearer.text()).toContain('Adding myself, I run the team.');

    const first = await fetch(`${base}/?${RANGE}&token=${TOKEN}`, { redirect: 'manual' });
    expect(first.status).toBe(303);
    expect(first.headers.get('location')).toBe(`/?${RANGE}`);
    const cookie = first.headers.get('set-cookie')!;
    expect(cookie).toMatch(/HttpOnly; SameSite=Strict/);
    expect(cookie).not.toContain(TOKEN);
    const followed = await fetch(`${base}/?${RANGE}`, { headers: { cookie: cookie.split(';')[0]! } });
    expect(followed.status).toBe(200);
    const page = await followed.text();
    expect(page).toContain('Adding myself, I run the team.');
    expect(page).not.toContain('id="bodies-hidden"');
  });

  it('campaign pages exist for configured campaigns only', async () => {
    const base = await serve();
    const page = await fetch(`${base}/campaigns/${encodeURIComponent(PRICING)}?${RANGE}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toMatch(/data-figure="leads"><a class="value" href="[^"]*campaign=pricing%40meet.test[^"]*">2<\/a>/);
    expect((await fetch(`${base}/campaigns/${encodeURIComponent('nobody@meet.test')}`)).status).toBe(404);
    expect((await fetch(`${base}/campaigns/%E0%A4%A`)).status).toBe(404);
    expect((await fetch(`${base}/nothing-here`)).status).toBe(404);
    expect((await fetch(`${base}/`, { method: 'DELETE' })).status).toBe(405);
  });
});

describe('outcome links', () => {
  const link = (base: string, bookingId: number, outcome: 'held' | 'no_show' | 'disqualified', expiresAt = NOW + 86_400_000) =>
    outcomeLink(bookingId, outcome, SECRET, base, expiresAt);
  const post = (url: string, extra: Record<string, string> = {}) =>
    fetch(`${new URL(url).origin}/outcome`, { method: 'POST', body: new URLSearchParams({ ...Object.fromEntries(new URL(url).searchParams), ...extra }) });

  it('opening a link only asks; the form records once; a repeat changes nothing', async () => {
    const base = await serve({ outcomeSecret: SECRET });
    const url = link(base, fixture.bookings.L2, 'held');
    const confirm = await fetch(url);
    expect(confirm.status).toBe(200);
    const form = await confirm.text();
    expect(form).toContain('Currently recorded: no_show by alice.');
    expect(form).toContain('<form method="post" action="/outcome">');
    expect(fixture.store.db.prepare(`SELECT outcome FROM meeting_outcomes WHERE booking_id = ?`).pluck().get(fixture.bookings.L2)).toBe('no_show');

    expect(await (await post(url)).text()).toContain('is now recorded as <strong>held</strong>');
    expect(await (await post(url)).text()).toContain('was already recorded as <strong>held</strong>');
    expect(fixture.store.db.prepare(`SELECT outcome, recorded_by, source FROM meeting_outcomes WHERE booking_id = ?`).get(fixture.bookings.L2)).toEqual({
      outcome: 'held',
      recorded_by: 'bob',
      source: 'link',
    });
  });

  it('refuses forged, altered and expired links, and what the meeting does not allow', async () => {
    const base = await serve({ outcomeSecret: SECRET });
    const good = new URL(link(base, fixture.bookings.L1, 'held'));
    const altered = new URL(good);
    altered.searchParams.set('booking', String(fixture.bookings.L7));
    expect((await fetch(altered)).status).toBe(403);
    expect((await post(outcomeLink(fixture.bookings.L1, 'no_show', 'another-secret-0123456789', base, NOW + 60_000))).status).toBe(403);
    expect((await fetch(link(base, fixture.bookings.L1, 'held', NOW - 1000))).status).toBe(403);
    // L3's meeting was cancelled; L9's has not started yet.
    expect((await post(link(base, fixture.bookings.L3, 'held'))).status).toBe(409);
    expect((await post(link(base, fixture.bookings.L9, 'no_show'))).status).toBe(409);
    // Disqualified asks for a reason code.
    const disqualify = link(base, fixture.bookings.L7, 'disqualified');
    expect(await (await fetch(disqualify)).text()).toContain('name="reason" required');
    expect((await post(disqualify)).status).toBe(409);
    expect((await post(disqualify, { reason: 'wrong_fit' })).status).toBe(200);
    expect(fixture.store.db.prepare(`SELECT reason FROM meeting_outcomes WHERE booking_id = ?`).pluck().get(fixture.bookings.L7)).toBe('wrong_fit');
  });

  it('is off without a secret', async () => {
    const base = await serve();
    expect((await fetch(link(base, fixture.bookings.L1, 'held'))).status).toBe(404);
  });
});
