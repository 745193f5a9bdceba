import { createHmac, timingSafeEqual } from 'node:crypto';
import { isMeetingOutcome, type MeetingOutcome } from './report-outcome.js';

/**
 * Signed links that let a rep record a meeting's outcome from the brief they were mailed. The
 * signature covers booking, outcome and expiry, so a link records only what it says, for the
 * meeting it was made for, until it expires; anyone can read a link but nobody can make one
 * without the secret. Opening the link only shows a confirmation form: mail scanners that
 * follow links must not record outcomes, so recording takes the form's POST.
 */
export interface OutcomeClaim {
  bookingId: number;
  outcome: MeetingOutcome;
  expiresAt: number;
}

export type LinkVerdict = { ok: true; claim: OutcomeClaim } | { ok: false; reason: 'malformed' | 'bad_signature' | 'expired' };

/** `expiresAt` in epoch ms (kept to the second); `baseUrl` is where reps reach this web server. */
export function outcomeLink(bookingId: number, outcome: MeetingOutcome, secret: string, baseUrl: string, expiresAt: number): string {
  const url = new URL('/outcome', baseUrl);
  const expires = Math.floor(expiresAt / 1000);
  url.search = new URLSearchParams({
    booking: String(bookingId),
    outcome,
    expires: String(expires),
    signature: sign({ bookingId, outcome, expires }, secret),
  }).toString();
  return url.toString();
}

export function verifyOutcomeLink(params: URLSearchParams, secret: string, now: number): LinkVerdict {
  const booking = params.get('booking') ?? '';
  const outcome = params.get('outcome') ?? '';
  const expires = params.get('expires') ?? '';
  const signature = params.get('signature') ?? '';
  if (!/^\d+$/.test(booking) || !/^\d+$/.test(expires) || !isMeetingOutcome(outcome)) return { ok: false, reason: 'malformed' };
  const expected = Buffer.from(sign({ bookingId: Number(booking), outcome, expires: Number(expires) }, secret));
  const presented = Buffer.from(signature);
  if (presented.length !== expected.length || !timingSafeEqual(presented, expected)) return { ok: false, reason: 'bad_signature' };
  // Checked after the signature, so an attacker learns nothing about expiry from a forged link.
  if (now >= Number(expires) * 1000) return { ok: false, reason: 'expired' };
  return { ok: true, claim: { bookingId: Number(booking), outcome, expiresAt: Number(expires) * 1000 } };
}

function sign(claim: { bookingId: number; outcome: string; expires: number }, secret: string): string {
  return createHmac('sha256', secret)
    .update(`campaign-agent outcome\n${claim.bookingId}\n${claim.outcome}\n${claim.expires}`)
    .digest('base64url');
}
