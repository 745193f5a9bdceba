import { checkOutcome, describeRefusal } from '../core/report-outcome.js';
import type { Outcomes } from '../store/outcomes.js';
import type { OutcomeInput, OutcomeResult } from '../pipeline/record-outcome.js';
import { utcMinute } from '../report/units.js';
import { html, page, type Html } from './html.js';
import { verifyOutcomeLink } from '../core/outcome-link.js';

export interface OutcomeResponse {
  status: number;
  body: string;
}

const LABELS = { held: 'held', no_show: 'a no-show', disqualified: 'disqualified' } as const;

/**
 * GET shows what the link would record and a button; POST (the button) records it. Both check
 * the signature; POST twice records once.
 */
export async function outcomePage(input: {
  outcomes: Outcomes;
  /** Records it (and tells the team's tools): pipeline/record-outcome.ts. */
  record: (outcome: OutcomeInput, now: number) => Promise<OutcomeResult>;
  secret: string;
  params: URLSearchParams;
  method: 'GET' | 'POST';
  now: number;
}): Promise<OutcomeResponse> {
  const verdict = verifyOutcomeLink(input.params, input.secret, input.now);
  if (!verdict.ok) {
    const why = verdict.reason === 'expired' ? 'This link has expired.' : 'This link is not valid.';
    return answer(403, html`<p>${why} Record the outcome with <code>campaign-agent outcome</code> instead.</p>`);
  }
  const { claim } = verdict;
  const { outcomes } = input;
  const booking = await outcomes.booking(String(claim.bookingId));
  if (!booking) return answer(404, html`<p>This meeting no longer exists.</p>`);
  const meeting = html`the meeting with <strong>${booking.attendeeEmail}</strong> on ${utcMinute(booking.start)}`;
  const reason = claim.outcome === 'disqualified' ? (input.params.get('reason')?.trim() || null) : null;

  if (input.method === 'GET') {
    const current = await outcomes.current(booking.id);
    const already = current ? html`<p class="note">Currently recorded: ${current.outcome}${current.reason ? ` (${current.reason})` : ''} by ${current.recordedBy}.</p>` : '';
    const hidden = ['booking', 'outcome', 'expires', 'signature'].map(
      (name) => html`<input type="hidden" name="${name}" value="${input.params.get(name) ?? ''}">`,
    );
    const reasonField =
      claim.outcome === 'disqualified'
        ? html`<p><label>Reason code <input name="reason" required pattern="[a-z][a-z0-9_]{0,39}" placeholder="no_budget"></label></p>`
        : '';
    return answer(
      200,
      html`<p>Record ${meeting} as <strong>${LABELS[claim.outcome]}</strong>?</p>${already}
<form method="post" action="/outcome">${hidden}${reasonField}<button type="submit">Record</button></form>`,
    );
  }

  const check = checkOutcome({ outcome: claim.outcome, reason, booking, now: input.now });
  if (!check.ok) return answer(409, html`<p>Nothing recorded: ${describeRefusal(check.reason)}.</p>`);
  const result = await input.record({ booking, outcome: claim.outcome, reason, recordedBy: booking.hostId, source: 'link' }, input.now);
  const done = result.change === 'unchanged' ? 'was already recorded as' : 'is now recorded as';
  return answer(200, html`<p>${meeting} ${done} <strong>${LABELS[claim.outcome]}</strong>. Thank you.</p>`);
}

function answer(status: number, body: Html): OutcomeResponse {
  return { status, body: page('Meeting outcome · campaign-agent', html`<main><h1>Meeting outcome</h1>${body}</main>`) };
}
