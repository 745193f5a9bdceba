import type { Config } from '../config/types.js';
import type { Store } from '../store/store.js';
import { buildReport, parseInstant, REPORT_DIMENSIONS, type ReportDimension } from '../report/campaign-report.js';
import { buildDashboard, defaultWindow } from '../report/dashboard.js';
import { figuresJson, reportJson } from '../report/format.js';
import { dashboardPage } from './pages.js';
import { html, page, type Html } from './html.js';

interface RouteDeps {
  config: Config;
  store: Store;
  now(): number;
}

type Selection = { ok: true; since: number; until: number; campaign: string | null } | { ok: false; error: string };

/** since/until/campaign from the query string; the page's window unless given. */
function select(deps: RouteDeps, url: URL, campaignFromPath: string | null): Selection {
  const now = deps.now();
  const fallback = defaultWindow(now);
  const since = url.searchParams.get('since') ? parseInstant(url.searchParams.get('since')!, now) : fallback.since;
  const until = url.searchParams.get('until') ? parseInstant(url.searchParams.get('until')!, now) : fallback.until;
  if (since === null || until === null) return { ok: false, error: 'since/until must be YYYY-MM-DD, an ISO instant, or Nd (days ago)' };
  if (until <= since) return { ok: false, error: 'until must be after since' };
  const campaign = campaignFromPath ?? url.searchParams.get('campaign')?.toLowerCase() ?? null;
  if (campaign !== null && !deps.config.campaigns.some((candidate) => candidate.address === campaign)) {
    return { ok: false, error: `no campaign ${campaign}` };
  }
  return { ok: true, since, until, campaign };
}

/** GET /api/report?since&until&campaign&by: the figures behind the page, as JSON. */
export async function reportApi(deps: RouteDeps, url: URL): Promise<{ status: number; body: unknown }> {
  const selection = select(deps, url, null);
  if (!selection.ok) return { status: 400, body: { error: selection.error } };
  const by = url.searchParams.get('by') ?? 'campaign';
  if (!(REPORT_DIMENSIONS as readonly string[]).includes(by)) {
    return { status: 400, body: { error: `by must be one of ${REPORT_DIMENSIONS.join(', ')}` } };
  }
  const report = await buildReport(deps.store.reports, deps.config, {
    since: selection.since,
    until: selection.until,
    by: by as ReportDimension,
    ...(selection.campaign ? { campaign: selection.campaign } : {}),
  });
  return {
    status: 200,
    body: {
      since: new Date(report.since).toISOString(),
      until: new Date(report.until).toISOString(),
      campaign: report.campaign,
      by: report.by,
      rows: reportJson(report),
      total: figuresJson(report.total),
      funnel: report.funnel,
      disqualifiedReasons: report.disqualifiedReasons,
    },
  };
}

/** `/` and `/campaigns/ADDRESS`; null for any other path. */
export async function dashboardRoute(deps: RouteDeps, url: URL, bodies: boolean): Promise<{ status: number; body: string } | null> {
  const match = /^\/campaigns\/([^/]+)$/.exec(url.pathname);
  if (url.pathname !== '/' && !match) return null;
  let campaign: string | null = null;
  if (match) {
    try {
      campaign = decodeURIComponent(match[1]!).toLowerCase();
    } catch {
      return { status: 404, body: page('Not found', notFound()) };
    }
  }
  const selection = select(deps, url, campaign);
  if (!selection.ok) {
    const status = selection.error.startsWith('no campaign') ? 404 : 400;
    return { status, body: page(status === 404 ? 'Not found' : 'Bad request', notFound(selection.error)) };
  }
  const dashboard = await buildDashboard(deps.store.reports, deps.config, {
    since: selection.since,
    until: selection.until,
    bodies,
    now: deps.now(),
    ...(selection.campaign ? { campaign: selection.campaign } : {}),
  });
  return { status: 200, body: dashboardPage(deps.config, dashboard, selection.campaign) };
}

function notFound(detail = 'No such page.'): Html {
  return html`<p>${detail}</p><p><a href="/">All campaigns</a></p>`;
}
