import type { Config } from '../config/types.js';
import { outcomeLink } from '../core/outcome-link.js';
import type { HistoryEntry, LeadHistory } from '../store/lead-history.js';
import { LEAD_STATES, MEETING_FILTERS, type HandoffRow, type LeadCursor, type LeadFilter, type LeadPage } from '../store/lead-list.js';
import { understandingLines } from '../report/explain-format.js';
import { duration, nameAndEmail, utcMinute } from '../report/units.js';
import { html, page, type Html } from './html.js';

export interface LeadQuery {
  filter: LeadFilter;
  after: LeadCursor | null;
  limit: number;
}

/** How long a signed outcome button on the lead page stays good: the page is read now, not in a month. */
const BUTTON_LINK_MS = 60 * 60_000;
const OUTCOMES = [
  { outcome: 'held', label: 'Held' },
  { outcome: 'no_show', label: 'No-show' },
  { outcome: 'disqualified', label: 'Disqualified' },
] as const;

/** /leads: every lead the filters select, newest first, a page at a time. */
export function leadsPage(config: Config, query: LeadQuery, result: LeadPage, next: string | null): string {
  const { filter } = query;
  const rows = result.leads.map(
    (lead) => html`<tr data-lead="${lead.id}"><td><a href="/leads/${lead.id}">${nameAndEmail(lead.name, lead.email)}</a></td>
<td>${campaignName(config, lead.campaign)}</td><td>${utcMinute(lead.receivedAt)}</td>
<td data-state="${lead.state ?? ''}">${label(lead.state)}</td><td>${hostName(config, lead.rep)}</td>
<td>${lead.meetingStart === null ? '' : html`${utcMinute(lead.meetingStart)}${lead.meetingStatus === 'cancelled' ? ' (cancelled)' : ''}`}</td>
<td class="num">${duration(lead.firstReplyMs)}</td></tr>`,
  );
  const nextLink = next === null ? '' : html`<p><a id="next-page" href="/leads?${pageQuery(filter, next)}">Next page →</a></p>`;
  return page(
    'Leads · campaign-agent',
    html`${header('leads')}
${filterForm(config, filter)}
<table class="leads"><tr><th>lead</th><th>campaign</th><th>first message</th><th>state</th><th>rep</th><th>meeting</th><th class="num">first reply</th></tr>${rows}</table>
${result.leads.length === 0 ? html`<p class="note" id="no-leads">No leads match.</p>` : ''}
${query.after === null ? '' : html`<p><a href="/leads?${pageQuery(filter, null)}">← First page</a></p>`}${nextLink}`,
  );
}

/** /handoffs: leads handed to a person that nobody has taken yet, the longest waiting first. */
export function handoffsPage(config: Config, rows: HandoffRow[], now: number): string {
  const body = rows.map(
    (lead) => html`<tr data-lead="${lead.id}"><td class="num" data-waiting-ms="${now - lead.handedOffAt}">${duration(now - lead.handedOffAt)}</td>
<td><a href="/leads/${lead.id}">${nameAndEmail(lead.name, lead.email)}</a></td><td>${campaignName(config, lead.campaign)}</td>
<td>${lead.reason}</td><td>${utcMinute(lead.handedOffAt)}</td>
<td><form method="post" action="/leads/${lead.id}/acknowledge"><button type="submit">Taken</button></form></td></tr>`,
  );
  return page(
    'Hand-offs · campaign-agent',
    html`${header('handoffs')}
<p class="note">Leads the agent handed to a person, not yet taken, the longest waiting first. "Taken" takes a lead off this list until it is handed over again.</p>
<table class="handoffs"><tr><th class="num">waiting</th><th>lead</th><th>campaign</th><th>why</th><th>handed over</th><th></th></tr>${body}</table>
${rows.length === 0 ? html`<p class="note" id="no-handoffs">Nobody is waiting for a person.</p>` : ''}`,
  );
}

export interface LeadPageOptions {
  /** Message text only for those who present the access token, as on the reports page. */
  bodies: boolean;
  /** Handed off and not yet taken: the page offers "Taken". */
  waiting: boolean;
  outcomeSecret: string | null;
  now: number;
}

/** /leads/ID: the thread as both sides wrote it, how each message was read, every decision, the meetings. */
export function leadPage(config: Config, history: LeadHistory, options: LeadPageOptions): string {
  const { lead } = history;
  const colleagues = history.contacts.filter((email) => email !== lead.email);
  const meetings = history.meetings.map(
    (meeting) => html`<tr data-meeting="${meeting.id}"><td>${utcMinute(meeting.start)}</td><td>${hostName(config, meeting.hostId)}</td>
<td>${meeting.status}${meeting.sequence > 0 ? `, invitation updated ${meeting.sequence}×` : ''}</td>
<td>${meeting.outcome ? `${label(meeting.outcome)}${meeting.reason ? ` (${meeting.reason})` : ''} by ${meeting.recordedBy}` : outcomeButtons(meeting.id, meeting.status, options)}</td></tr>`,
  );
  return page(
    `Lead ${lead.id} · campaign-agent`,
    html`${header('leads')}
<h2 id="lead">${nameAndEmail(lead.name, lead.email)}</h2>
<p>${campaignName(config, lead.campaign)} · first message ${utcMinute(lead.receivedAt)} · <span data-state="${lead.status ?? ''}">${label(lead.status)}</span></p>
${colleagues.length > 0 ? html`<p>Also in the thread: ${colleagues.join(', ')}</p>` : ''}
${options.waiting ? html`<form method="post" action="/leads/${lead.id}/acknowledge"><button type="submit">Taken: I'll answer this lead</button></form>` : ''}
<h2>Meetings</h2>
${meetings.length > 0 ? html`<table class="meetings"><tr><th>time</th><th>rep</th><th>status</th><th>outcome</th></tr>${meetings}</table>` : html`<p class="note">None.</p>`}
<h2>Thread and decisions</h2>
${options.bodies ? '' : html`<p class="note" id="bodies-hidden">Message text is shown only to those who present the access token (HTTP_ACCESS_TOKEN or service.http.access_token_env).</p>`}
<ol class="thread">${history.entries.map((entry) => historyItem(entry, options.bodies))}</ol>`,
  );
}

function historyItem(entry: HistoryEntry, bodies: boolean): Html {
  if (entry.type === 'decision') {
    const lines = entry.kind === 'understanding' ? understandingLines(entry.detail) : [];
    return html`<li class="decision" data-kind="${entry.kind}"><span class="note">${utcMinute(entry.at)} · ${entry.kind} (${entry.actor})</span> ${entry.summary}${
      lines.length > 0 ? html`<br><span class="note">${lines.join(' · ')}</span>` : ''
    }</li>`;
  }
  const who = entry.direction === 'in' ? (entry.from ?? 'unknown sender') : 'the agent';
  const text = bodies ? html`<div class="quote">${(entry.text ?? '(no readable text)').trim()}</div>` : '';
  return html`<li class="message ${entry.direction}" data-message="${entry.id}"><span class="note">${utcMinute(entry.at)} · ${entry.direction === 'in' ? 'from' : 'by'} ${who} · ${entry.kind ?? 'unprocessed'}${
    entry.direction === 'out' ? ` · ${entry.status}` : ''
  }</span>${entry.subject ? html` <strong>${entry.subject}</strong>` : ''}${text}</li>`;
}

/** The rep's outcome buttons, as in their brief: signed links to /outcome, which asks before it records. */
function outcomeButtons(bookingId: number, status: string, options: LeadPageOptions): Html | string {
  if (status !== 'confirmed' || options.outcomeSecret === null) return '';
  const links = OUTCOMES.map(({ outcome, label: text }) => {
    const link = new URL(outcomeLink(bookingId, outcome, options.outcomeSecret!, 'http://localhost', options.now + BUTTON_LINK_MS));
    return html`<a class="outcome" href="${link.pathname}${link.search}">${text}</a>`;
  });
  return html`${links.map((link, index) => html`${index > 0 ? ' · ' : ''}${link}`)}`;
}

function header(current: 'leads' | 'handoffs'): Html {
  const link = (href: string, text: string, active: boolean) => html`<a href="${href}"${active ? html` aria-current="page"` : ''}>${text}</a>`;
  return html`<header><h1>campaign-agent</h1><nav>${link('/', 'Reports', false)}${link('/leads', 'Leads', current === 'leads')}${link('/handoffs', 'Hand-offs', current === 'handoffs')}</nav></header>`;
}

function filterForm(config: Config, filter: LeadFilter): Html {
  const option = (value: string, text: string, selected: boolean) => html`<option value="${value}"${selected ? html` selected` : ''}>${text}</option>`;
  const select = (name: string, any: string, options: Html[]) => html`<select name="${name}">${option('', any, false)}${options}</select>`;
  const date = (instant: number | null) => (instant === null ? '' : new Date(instant).toISOString().slice(0, 10));
  return html`<form class="window" method="get" action="/leads">
${select('campaign', 'every campaign', config.campaigns.map((campaign) => option(campaign.address, campaign.name, campaign.address === filter.campaign)))}
${select('state', 'any state', LEAD_STATES.map((state) => option(state, label(state), state === filter.state)))}
${select('meeting', 'any meeting', MEETING_FILTERS.map((meeting) => option(meeting, label(meeting), meeting === filter.meeting)))}
${select('rep', 'any rep', config.hosts.map((host) => option(host.id, host.name, host.id === filter.rep)))}
<label>From <input type="date" name="since" value="${date(filter.since)}"></label>
<label>to <input type="date" name="until" value="${date(filter.until)}"></label>
<button type="submit">Show</button>
</form>`;
}

/** The query string of a filter (and a page start): what the report's figures link to. */
export function pageQuery(filter: LeadFilter, after: string | null): string {
  const params = new URLSearchParams();
  if (filter.campaign) params.set('campaign', filter.campaign);
  if (filter.state) params.set('state', filter.state);
  if (filter.meeting) params.set('meeting', filter.meeting);
  if (filter.rep) params.set('rep', filter.rep);
  if (filter.since !== null) params.set('since', new Date(filter.since).toISOString());
  if (filter.until !== null) params.set('until', new Date(filter.until).toISOString());
  if (after) params.set('after', after);
  return params.toString();
}

function label(value: string | null): string {
  if (value === null) return '–';
  if (value === 'handed_off') return 'handed to a person';
  return value.replace(/_/g, ' ');
}

function campaignName(config: Config, address: string): string {
  return config.campaigns.find((campaign) => campaign.address === address)?.name ?? address;
}

function hostName(config: Config, id: string | null): string {
  return id === null ? '' : (config.hosts.find((host) => host.id === id)?.name ?? id);
}
