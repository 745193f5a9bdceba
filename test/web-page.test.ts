import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { createHttpServer } from '../src/http/server.js';
import { createMetrics } from '../src/metrics/metrics.js';
import { NOW, PRICING, seedReports, type ReportFixture } from './support/seed-reports.js';

/** Debian's chromium, never a browser playwright would download. */
const CHROMIUM = '/usr/bin/chromium';
/** CI installs Debian's chromium (.ci/run); where it is missing the page tests say they were skipped. */
const available = existsSync(CHROMIUM);
const OUTPUT = join('test-output', 'web-page');
const RANGE = 'since=2026-03-02&until=2026-03-23';

let fixture: ReportFixture;
let server: ReturnType<typeof createHttpServer>;
let base: string;
let browser: BrowserContext;
let profile: string;

beforeAll(async () => {
  if (!available) return;
  fixture = await seedReports();
  server = createHttpServer({
    config: fixture.config,
    store: fixture.store,
    smtpListening: () => true,
    now: () => NOW,
    logger: pino({ level: 'silent' }),
    metrics: createMetrics({ processMetrics: false }),
  });
  const { port } = await server.listen(0, '127.0.0.1');
  base = `http://127.0.0.1:${port}`;
  profile = mkdtempSync(join(tmpdir(), 'chromium-profile-'));
  browser = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 1200, height: 900 },
  });
  mkdirSync(OUTPUT, { recursive: true });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await fixture?.store.close();
  if (profile) rmSync(profile, { recursive: true, force: true });
});

/** Opens a page and fails on any request that leaves the server (CDNs, fonts, scripts). */
async function open(path: string): Promise<{ page: Page; foreign: string[] }> {
  const page = await browser.newPage();
  const foreign: string[] = [];
  page.on('request', (request) => {
    if (!request.url().startsWith(base)) foreign.push(request.url());
  });
  const response = await page.goto(`${base}${path}`);
  expect(response?.status()).toBe(200);
  return { page, foreign };
}

const figure = (page: Page, key: string) => page.locator(`[data-figure="${key}"] .value`).innerText();

describe.skipIf(!available)('the reports page in headless Chromium', () => {
  it('shows the seeded numbers, the funnel, reps and conversations, and renders the chart', async () => {
    const { page, foreign } = await open(`/?${RANGE}`);
    expect(await page.title()).toBe('All campaigns · campaign-agent');
    expect(await figure(page, 'leads')).toBe('8');
    expect(await figure(page, 'booked')).toBe('3');
    expect(await figure(page, 'booking-rate')).toBe('37.5 %');
    expect(await figure(page, 'cancelled')).toBe('1');
    expect(await figure(page, 'first-reply')).toBe('20 s');
    expect(await figure(page, 'to-booking')).toBe('60 min');
    expect(await figure(page, 'to-meeting')).toBe('2.3 d'); // 54 h

    // Three weeks on the axis, two with leads: two bars, 75 % and 0 %.
    const bars = page.locator('svg.chart rect.bar');
    expect(await bars.count()).toBe(2);
    expect(await bars.evaluateAll((rects) => rects.map((rect) => [rect.getAttribute('data-week'), rect.getAttribute('data-rate')]))).toEqual([
      ['2026-03-02', '0.75'],
      ['2026-03-09', '0'],
    ]);
    const box = await page.locator('svg.chart').boundingBox();
    expect(box!.width).toBeGreaterThan(300);
    expect(box!.height).toBeGreaterThan(50);
    const tallest = await bars.first().boundingBox();
    expect(tallest!.height).toBeGreaterThan(20);

    const funnel = await page.locator('table.funnel tr').evaluateAll((rows) =>
      rows.map((row) => [row.getAttribute('data-stage'), row.querySelector('td.num')!.textContent]),
    );
    expect(funnel).toEqual([['leads', '8'], ['offered', '7'], ['booked', '3'], ['held', '1']]);
    expect(await page.locator('table.states tr[data-state="stalled"] td').innerText()).toBe('1');
    expect(await page.locator('#disqualified-reasons').innerText()).toBe('Disqualified: no_budget 1');

    const campaigns = page.locator('table.campaigns tr[data-campaign]');
    expect(await campaigns.count()).toBe(3);
    expect(await campaigns.first().locator('a').innerText()).toBe('Webinar <Q3> & "friends"');
    const reps = (await page.locator('table.reps tr[data-rep]').allInnerTexts()).map((text) => text.split('\t'));
    expect(reps).toEqual([
      ['Alice Moreau', '3', '1', '33.3 %', '1', '1', '0'],
      ['Bob Okafor', '4', '2', '50.0 %', '0', '1', '0'],
      ['not routed to a rep', '1', '0', '0.0 %', '0', '0', '0'],
    ]);

    const recent = page.locator('table.recent tr[data-conversation]');
    expect(await recent.count()).toBe(10);
    expect(await recent.first().locator('td[data-status]').innerText()).toBe('booked');
    // A prospect's subject is text, never markup: no script element made it into the page.
    expect(await page.locator('table.recent').innerText()).toContain('<script>alert(1)</script> Demo');
    expect(await page.locator('script').count()).toBe(0);
    expect(await page.locator('#bodies-hidden').count()).toBe(1);
    expect(foreign).toEqual([]);

    await page.screenshot({ path: join(OUTPUT, 'service.png'), fullPage: true });
    await page.close();
  });

  it('a campaign page narrows everything to its campaign; the window form navigates', async () => {
    const { page, foreign } = await open(`/campaigns/${encodeURIComponent(PRICING)}?${RANGE}`);
    expect(await figure(page, 'leads')).toBe('2');
    expect(await figure(page, 'booking-rate')).toBe('50.0 %');
    expect(await page.locator('svg.chart rect.bar').count()).toBe(2);
    expect(await page.locator('table.campaigns').count()).toBe(0);
    expect(await page.locator('nav a[aria-current="page"]').innerText()).toBe('Pricing page');
    expect(await page.locator('table.recent tr[data-conversation]').count()).toBe(2);
    await page.screenshot({ path: join(OUTPUT, 'campaign.png'), fullPage: true });

    await page.fill('input[name="since"]', '2026-03-09');
    await Promise.all([page.waitForURL(/since=2026-03-09/), page.click('button[type="submit"]')]);
    expect(await figure(page, 'leads')).toBe('1');
    expect(await page.locator('svg.chart rect.bar').count()).toBe(1);
    expect(foreign).toEqual([]);
    await page.close();
  });
});

describe.skipIf(!available)('the lead pages in headless Chromium', () => {
  it('a click on "handed to a person" lists that lead; its page shows the thread, prospect markup as text', async () => {
    const { page, foreign } = await open(`/?${RANGE}`);
    await Promise.all([page.waitForURL(/\/leads\?/), page.click('table.states tr[data-state="handed_off"] a')]);
    const rows = page.locator('table.leads tr[data-lead]');
    expect(await rows.count()).toBe(1);
    expect(await rows.first().innerText()).toContain('tom@e.example');
    expect(await rows.first().locator('td[data-state]').innerText()).toBe('handed to a person');
    await page.screenshot({ path: join(OUTPUT, 'leads-handed-off.png'), fullPage: true });

    await page.selectOption('select[name="state"]', '');
    await Promise.all([page.waitForURL(/\/leads\?/), page.click('form.window button[type="submit"]')]);
    expect(await rows.count()).toBe(8);
    await page.screenshot({ path: join(OUTPUT, 'leads.png'), fullPage: true });

    await Promise.all([page.waitForURL(/\/leads\/\d+$/), page.locator('table.leads tr[data-lead]').last().locator('a').click()]);
    expect(await page.locator('#lead').innerText()).toBe('jane@a.example');
    // A prospect's subject is text, never markup: no script element made it into the page.
    expect(await page.locator('ol.thread').innerText()).toContain('<script>alert(1)</script> Demo');
    expect(await page.locator('script').count()).toBe(0);
    expect(await page.locator('ol.thread li.decision').count()).toBeGreaterThan(0);
    expect(await page.locator('table.meetings tr[data-meeting]').innerText()).toContain('held by alice');
    expect(foreign).toEqual([]);
    await page.screenshot({ path: join(OUTPUT, 'lead.png'), fullPage: true });
    await page.close();
  });

  it('the hand-off queue: "Taken" takes the lead off it', async () => {
    const { page, foreign } = await open('/handoffs');
    const rows = page.locator('table.handoffs tr[data-lead]');
    expect(await rows.count()).toBe(1);
    expect(await rows.first().innerText()).toContain('tom@e.example');
    await page.screenshot({ path: join(OUTPUT, 'handoffs.png'), fullPage: true });
    await Promise.all([page.waitForURL(/\/handoffs$/), rows.first().locator('button').click()]);
    expect(await page.locator('table.handoffs tr[data-lead]').count()).toBe(0);
    expect(await page.locator('#no-handoffs').innerText()).toBe('Nobody is waiting for a person.');
    expect(foreign).toEqual([]);
    await page.close();
  });
});
