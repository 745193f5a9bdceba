import type { Config } from '../config/types.js';
import type { Store } from '../store/store.js';
import { parseInstant } from '../report/campaign-report.js';
import {
  LEAD_STATES,
  MEETING_FILTERS,
  type LeadCursor,
  type LeadFilter,
  type LeadListRow,
  type LeadState,
  type MeetingFilter,
} from '../store/lead-list.js';
import { handoffsPage, leadPage, leadsPage, type LeadQuery } from './lead-pages.js';
import { html, page } from './html.js';

export interface LeadRouteDeps {
  config: Config;
  store: Store;
  now(): number;
  outcomeSecret?: string | null;
}

const PAGE_SIZE = 50;
const MAX_API_LIMIT = 500;

type Parsed = { ok: true; query: LeadQuery } | { ok: false; error: string };

/**
 * The filters of /leads and /api/leads. Only ids and names the config knows travel in the
 * address (campaign, state, rep, dates, a cursor of time and id), never a prospect's address,
 * so proxies and logs do not collect them.
 */
export function parseLeadQuery(deps: LeadRouteDeps, url: URL): Parsed {
  const params = url.searchParams;
  const now = deps.now();
  const campaign = params.get('campaign')?.toLowerCase() || null;
  if (campaign !== null && !deps.config.campaigns.some((candidate) => candidate.address === campaign)) return { ok: false, error: `no campaign ${campaign}` };
  const state = params.get('state') || null;
  if (state !== null && !(LEAD_STATES as readonly string[]).includes(state)) return { ok: false, error: `state must be one of ${LEAD_STATES.join(', ')}` };
  const meeting = params.get('meeting') || null;
  if (meeting !== null && !(MEETING_FILTERS as readonly string[]).includes(meeting)) return { ok: false, error: `meeting must be one of ${MEETING_FILTERS.join(', ')}` };
  const rep = params.get('rep') || null;
  if (rep !== null && !deps.config.hosts.some((host) => host.id === rep)) return { ok: false, error: `no rep ${rep}` };
  const since = params.get('since') ? parseInstant(params.get('since')!, now) : null;
  const until = params.get('until') ? parseInstant(params.get('until')!, now) : null;
  if ((params.get('since') && since === null) || (params.get('until') && until === null)) {
    return { ok: false, error: 'since/until must be YYYY-MM-DD, an ISO instant, or Nd (days ago)' };
  }
  const after = params.get('after') ? decodeCursor(params.get('after')!) : null;
  if (params.get('after') && after === null) return { ok: false, error: 'after must be the next value of an earlier page' };
  const limit = params.get('limit') === null ? PAGE_SIZE : Number(params.get('limit'));
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_API_LIMIT) return { ok: false, error: `limit must be a whole number from 1 to ${MAX_API_LIMIT}` };
  const filter: LeadFilter = { campaign, state: state as LeadState | null, meeting: meeting as MeetingFilter | null, rep, since, until };
  return { ok: true, query: { filter, after, limit } };
}

/** GET /api/leads: the same leads as /leads, as JSON, with the next page's `after`. */
export async function leadsApi(deps: LeadRouteDeps, url: URL): Promise<{ status: number; body: unknown }> {
  const parsed = parseLeadQuery(deps, url);
  if (!parsed.ok) return { status: 400, body: { error: parsed.error } };
  const { filter, after, limit } = parsed.query;
  const result = await deps.store.leadList.page(filter, after, limit);
  return { status: 200, body: { leads: result.leads.map(leadJson), next: result.next ? encodeCursor(result.next) : null } };
}

/** /leads, /leads/ID and /handoffs; null for any other path. */
export async function leadRoute(deps: LeadRouteDeps, url: URL, bodies: boolean): Promise<{ status: number; body: string } | null> {
  if (url.pathname === '/leads') {
    const parsed = parseLeadQuery(deps, url);
    if (!parsed.ok) return { status: 400, body: page('Bad request', html`<p>${parsed.error}</p><p><a href="/leads">All leads</a></p>`) };
    const { filter, after } = parsed.query;
    const result = await deps.store.leadList.page(filter, after, PAGE_SIZE);
    return { status: 200, body: leadsPage(deps.config, parsed.query, result, result.next ? encodeCursor(result.next) : null) };
  }
  if (url.pathname === '/handoffs') {
    return { status: 200, body: handoffsPage(deps.config, await deps.store.leadList.handoffs(PAGE_SIZE * 4), deps.now()) };
  }
  const match = /^\/leads\/(\d+)$/.exec(url.pathname);
  if (!match) return null;
  const [lead] = await deps.store.leadHistory.find(match[1]!);
  if (!lead) return { status: 404, body: page('Not found', html`<p>No lead ${match[1]}.</p><p><a href="/leads">All leads</a></p>`) };
  const history = await deps.store.leadHistory.history(lead);
  const waiting = await deps.store.leadList.isWaiting(lead.id);
  return { status: 200, body: leadPage(deps.config, history, { bodies, waiting, outcomeSecret: deps.outcomeSecret ?? null, now: deps.now() }) };
}

/** POST /leads/ID/acknowledge: a person took the handed-off lead; back to the queue. */
export async function acknowledgeRoute(deps: LeadRouteDeps, url: URL): Promise<{ status: number; location?: string; body?: string } | null> {
  const match = /^\/leads\/(\d+)\/acknowledge$/.exec(url.pathname);
  if (!match) return null;
  const leadId = Number(match[1]);
  const now = deps.now();
  const taken = await deps.store.transaction(async () => {
    if (!await deps.store.leadList.acknowledge(leadId, now)) return false;
    const conversationId = (await deps.store.conversations.latestForLead(leadId))?.id ?? null;
    await deps.store.journal.decide({ conversationId, messageId: null, kind: 'acknowledged', actor: 'ops', summary: 'hand-off taken by a person (web page)', detail: null }, now);
    return true;
  });
  if (!taken) return { status: 409, body: page('Not waiting', html`<p>Lead ${leadId} is not waiting for a person.</p><p><a href="/handoffs">Hand-off queue</a></p>`) };
  return { status: 303, location: '/handoffs' };
}

function leadJson(lead: LeadListRow) {
  return {
    id: lead.id,
    campaign: lead.campaign,
    name: lead.name,
    email: lead.email,
    firstMessageAt: new Date(lead.receivedAt).toISOString(),
    state: lead.state,
    rep: lead.rep,
    meetingStart: lead.meetingStart === null ? null : new Date(lead.meetingStart).toISOString(),
    meetingStatus: lead.meetingStatus,
    firstReplySeconds: lead.firstReplyMs === null ? null : lead.firstReplyMs / 1000,
  };
}

/** The next page's start as one opaque word: the lead's first-message time and id. */
export function encodeCursor(cursor: LeadCursor): string {
  return `${cursor.receivedAt.toString(36)}.${cursor.id.toString(36)}`;
}

function decodeCursor(value: string): LeadCursor | null {
  const match = /^([0-9a-z]{1,12})\.([0-9a-z]{1,12})$/.exec(value);
  if (!match) return null;
  return { receivedAt: parseInt(match[1]!, 36), id: parseInt(match[2]!, 36) };
}
