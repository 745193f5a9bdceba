import type { Config } from '../config/types.js';
import type { ReportFigures } from '../core/report.js';
import type { Dashboard } from '../report/dashboard.js';
import { duration, nameAndEmail, percent, utcMinute, windowLabel } from '../report/units.js';
import { bookingRateChart } from './chart.js';
import { html, page, type Html } from './html.js';
import { pageQuery } from './lead-pages.js';
import { MEETING_FILTERS, type LeadFilter, type LeadState, type MeetingFilter } from '../store/lead-list.js';

/** The reports page for the whole service (campaign null) or one campaign. */
export function dashboardPage(config: Config, dashboard: Dashboard, campaign: string | null): string {
  const { report } = dashboard;
  const name = campaign ? (config.campaigns.find((candidate) => candidate.address === campaign)?.name ?? campaign) : 'All campaigns';
  const path = campaign ? campaignPath(campaign) : '/';
  // Every count links to the leads behind it, in the same window.
  const leadsOf: LeadsLink = (only) =>
    `/leads?${pageQuery({ campaign, state: null, meeting: null, rep: null, since: report.since, until: report.until, ...only }, null)}`;
  return page(
    `${name} · campaign-agent`,
    html`<header><h1>campaign-agent</h1>${navigation(config, campaign)}</header>
<form class="window" method="get" action="${path}">
  <label>From <input type="date" name="since" value="${isoDate(report.since)}"></label>
  <label>to <input type="date" name="until" value="${isoDate(report.until)}"></label> <span class="note">(not included)</span>
  <button type="submit">Show</button>
</form>
<p class="note" id="window">${name}: leads whose first message arrived ${windowLabel(report.since, report.until)}.</p>
${figuresSection(report.total, leadsOf)}
<h2>Booking rate by week</h2>
${bookingRateChart(dashboard.weeks.map((row) => ({ week: row.key, leads: row.leads, booked: row.booked, bookingRate: row.bookingRate })))}
${funnelSection(dashboard)}
${statesSection(dashboard, leadsOf)}
${campaign ? '' : campaignsSection(dashboard)}
${repsSection(dashboard)}
${recentSection(config, dashboard)}`,
  );
}

function campaignPath(address: string): string {
  return `/campaigns/${encodeURIComponent(address)}`;
}

function navigation(config: Config, current: string | null): Html {
  const link = (href: string, label: string, active: boolean) =>
    html`<a href="${href}"${active ? html` aria-current="page"` : ''}>${label}</a>`;
  return html`<nav>${link('/', 'All campaigns', current === null)}${config.campaigns.map((campaign) =>
    link(campaignPath(campaign.address), campaign.name, campaign.address === current),
  )}${link('/leads', 'Leads', false)}${link('/handoffs', 'Hand-offs', false)}</nav>`;
}

type LeadsLink = (only: Partial<Pick<LeadFilter, 'state' | 'meeting'>>) => string;

function figuresSection(total: ReportFigures, leadsOf: LeadsLink): Html {
  const figure = (key: string, value: string, label: string, href?: string) =>
    html`<div class="figure" data-figure="${key}">${href ? html`<a class="value" href="${href}">${value}</a>` : html`<span class="value">${value}</span>`}<span class="label">${label}</span></div>`;
  return html`<section class="figures">
${figure('leads', String(total.leads), 'leads received', leadsOf({}))}
${figure('booked', String(total.booked), 'meetings booked', leadsOf({ meeting: 'booked' }))}
${figure('booking-rate', percent(total.bookingRate), 'booking rate')}
${figure('cancelled', String(total.cancelled), 'meetings cancelled')}
${figure('first-reply', duration(total.medianFirstReplyMs), 'median time to first reply')}
${figure('to-booking', duration(total.medianToBookingMs), 'median time to booking')}
${figure('to-meeting', duration(total.medianToMeetingMs), 'median time to the meeting')}
</section>`;
}

function funnelSection(dashboard: Dashboard): Html {
  const rows = dashboard.report.funnel.map(
    (stage) => html`<tr data-stage="${stage.stage}"><th>${stage.stage}</th><td class="num">${stage.count}</td>
<td style="width:60%"><div class="meter" style="width:${((stage.share ?? 0) * 100).toFixed(1)}%"></div></td><td class="num">${percent(stage.share)}</td></tr>`,
  );
  return html`<h2>Funnel</h2><table class="funnel">${rows}</table>`;
}

function statesSection(dashboard: Dashboard, leadsOf: LeadsLink): Html {
  const { total } = dashboard.report;
  const cell = (key: string, label: string, value: number) => {
    const only = (MEETING_FILTERS as readonly string[]).includes(key) ? { meeting: key as MeetingFilter } : { state: key as LeadState };
    return html`<tr data-state="${key}"><th>${label}</th><td class="num"><a href="${leadsOf(only)}">${value}</a></td></tr>`;
  };
  const reasons = dashboard.report.disqualifiedReasons.map((entry) => `${entry.reason} ${entry.count}`).join(', ');
  return html`<h2>Where leads ended</h2>
<table class="states">
${cell('handed_off', 'handed to a person', total.handedOff)}
${cell('declined', 'declined', total.declined)}
${cell('unsubscribed', 'unsubscribed', total.unsubscribed)}
${cell('stalled', 'stalled (no answer after a follow-up)', total.stalled)}
${cell('cancelled', 'meeting cancelled', total.cancelled)}
${cell('held', 'meeting held', total.held)}
${cell('no_show', 'no-show', total.noShow)}
${cell('disqualified', 'disqualified', total.disqualified)}
</table>
${reasons ? html`<p class="note" id="disqualified-reasons">Disqualified: ${reasons}</p>` : ''}`;
}

function campaignsSection(dashboard: Dashboard): Html {
  const rows = dashboard.report.rows.map(
    (row) => html`<tr data-campaign="${row.key}"><td><a href="${campaignPath(row.key)}">${row.name}</a><br><span class="note">${row.key}</span></td>
<td class="num">${row.leads}</td><td class="num">${row.booked}</td><td class="num">${percent(row.bookingRate)}</td>
<td class="num">${row.cancelled}</td><td class="num">${row.held}</td><td class="num">${duration(row.medianFirstReplyMs)}</td></tr>`,
  );
  return html`<h2>Campaigns</h2>
<table class="campaigns"><tr><th>campaign</th><th class="num">leads</th><th class="num">booked</th><th class="num">booking rate</th>
<th class="num">cancelled</th><th class="num">held</th><th class="num">median first reply</th></tr>${rows}</table>`;
}

function repsSection(dashboard: Dashboard): Html {
  const rows = dashboard.reps.map(
    (row) => html`<tr data-rep="${row.key}"><td>${row.name}</td><td class="num">${row.leads}</td><td class="num">${row.booked}</td>
<td class="num">${percent(row.bookingRate)}</td><td class="num">${row.held}</td><td class="num">${row.upcoming}</td>
<td class="num" data-calendar-failures="${row.calendarFailures}">${row.calendarFailures}</td></tr>`,
  );
  return html`<h2>Reps</h2>
<table class="reps"><tr><th>rep</th><th class="num">leads</th><th class="num">booked</th><th class="num">booking rate</th>
<th class="num">held</th><th class="num">meetings in the next 7 days</th><th class="num">calendar unreadable</th></tr>${rows}</table>`;
}

function recentSection(config: Config, dashboard: Dashboard): Html {
  const hostName = (id: string | null) => (id === null ? '' : (config.hosts.find((host) => host.id === id)?.name ?? id));
  const rows = dashboard.recent.map(
    (conversation) => html`<tr data-conversation="${conversation.id}"><td>${utcMinute(conversation.updatedAt)}</td>
<td>${nameAndEmail(conversation.name, conversation.email)}</td>
<td>${conversation.subject}</td><td data-status="${conversation.status}">${conversation.status.replace(/_/g, ' ')}</td>
<td>${hostName(conversation.hostId)}</td>${
      dashboard.bodies ? html`<td class="quote">${clip(conversation.lastInboundText ?? '')}</td>` : ''
    }</tr>`,
  );
  const note = dashboard.bodies
    ? ''
    : html`<p class="note" id="bodies-hidden">Message text is shown only to those who present the access token (HTTP_ACCESS_TOKEN or service.http.access_token_env).</p>`;
  return html`<h2>Recent conversations</h2>
<table class="recent"><tr><th>updated</th><th>lead</th><th>subject</th><th>state</th><th>rep</th>${
    dashboard.bodies ? html`<th>last message</th>` : ''
  }</tr>${rows}</table>${note}`;
}

function clip(text: string): string {
  return text.length > 280 ? `${text.slice(0, 279)}…` : text;
}

function isoDate(instant: number): string {
  return new Date(instant).toISOString().slice(0, 10);
}
