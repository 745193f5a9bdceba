import { z } from 'zod';
import type { HostConfig } from '../../config/types.js';
import { CALENDAR_SCOPE, googleCalendarOf } from './auth.js';
import { CalendarError } from '../provider.js';

/**
 * What a failed Google call means for the caller. `retryable` and `network` are worth another
 * attempt; the rest are answers.
 */
export type FailureKind =
  | 'retryable'
  | 'network'
  | 'auth'
  | 'forbidden'
  | 'not_found'
  | 'gone'
  | 'duplicate'
  | 'invalid'
  | 'credentials'
  | 'calendar_error'
  | 'bad_reply';

export class GoogleFailure extends Error {
  constructor(
    readonly kind: FailureKind,
    readonly detail: string,
    /** The Retry-After header Google sent with the error, as sent. */
    readonly retryAfter: string | null = null,
    options?: { cause?: unknown },
  ) {
    super(detail, options);
    this.name = 'GoogleFailure';
  }
}

/** Reasons Google gives with a 403 that mean "slow down", not "not allowed". */
const RATE_LIMIT_REASONS = new Set(['rateLimitExceeded', 'userRateLimitExceeded']);

const apiErrorBody = z.object({
  error: z.object({
    message: z.string().optional(),
    errors: z.array(z.object({ reason: z.string().optional() })).optional(),
  }),
});
/** The token endpoint answers in RFC 6749's shape, which is how its failures are told apart. */
const tokenErrorBody = z.object({ error: z.string(), error_description: z.string().optional() });

interface HttpResponse {
  status: number;
  data: unknown;
  headers?: { get(name: string): string | null };
}

/** Turns whatever the client library threw into a GoogleFailure. */
export function classify(error: unknown): GoogleFailure {
  if (error instanceof GoogleFailure) return error;
  const message = error instanceof Error ? error.message : String(error);
  const response = responseOf(error);
  if (!response) {
    // Gaxios errors carry the request `config`; without a response the network failed. Anything
    // else was thrown before a request left, i.e. while loading the credentials.
    const kind = error instanceof Error && 'config' in error ? 'network' : 'credentials';
    return new GoogleFailure(kind, message, null, { cause: error });
  }
  const { status } = response;
  const retryAfter = response.headers?.get('retry-after') ?? null;
  const token = tokenErrorBody.safeParse(response.data);
  if (token.success) {
    const detail = `token endpoint answered ${status} ${token.data.error}: ${token.data.error_description ?? ''}`;
    const kind = status === 429 || status >= 500 ? 'retryable' : 'auth';
    return new GoogleFailure(kind, detail, retryAfter, { cause: error });
  }
  const body = apiErrorBody.safeParse(response.data);
  const reason = body.data?.error.errors?.[0]?.reason ?? '';
  const detail = `${status} ${reason || 'error'}: ${body.data?.error.message ?? message}`;
  return new GoogleFailure(kindOf(status, reason), detail, retryAfter, { cause: error });
}

function kindOf(status: number, reason: string): FailureKind {
  if (status === 429 || status >= 500) return 'retryable';
  if (status === 403 && RATE_LIMIT_REASONS.has(reason)) return 'retryable';
  if (status === 401) return 'auth';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not_found';
  if (status === 409) return 'duplicate';
  if (status === 410) return 'gone';
  return 'invalid';
}

function responseOf(error: unknown): HttpResponse | null {
  if (typeof error !== 'object' || error === null || !('response' in error)) return null;
  const response = error.response as Partial<HttpResponse> | undefined;
  return typeof response?.status === 'number' ? (response as HttpResponse) : null;
}

/**
 * The error the rest of the service sees: names the host, the calendar and what to check, so an
 * operator can fix the configuration from the log line alone.
 */
export function toCalendarError(host: HostConfig, action: string, error: unknown): CalendarError {
  if (error instanceof CalendarError) return error;
  const failure = classify(error);
  const calendar = googleCalendarOf(host);
  const detail = failure.detail.replace(/\.+$/, '');
  const message = `Google Calendar: ${action} for host ${host.id} (calendar ${calendar.calendarId}) failed: ${detail}. ${hint(host, failure.kind)}`;
  return new CalendarError(codeOf(failure.kind), message.trim(), { cause: failure });
}

function codeOf(kind: FailureKind): CalendarError['code'] {
  if (kind === 'not_found' || kind === 'gone') return 'not_found';
  if (kind === 'invalid' || kind === 'bad_reply' || kind === 'duplicate') return 'invalid_data';
  return 'unreachable';
}

function hint(host: HostConfig, kind: FailureKind): string {
  const { calendarId, credentials } = googleCalendarOf(host);
  const who =
    credentials.kind === 'service_account'
      ? `the service account (key file ${credentials.keyFile}) acting as ${credentials.subject}`
      : `the OAuth client ${credentials.clientId}`;
  switch (kind) {
    case 'auth':
      return credentials.kind === 'service_account'
        ? `Check the key file ${credentials.keyFile}, that the service account's client ID has domain-wide delegation for ${CALENDAR_SCOPE} in the Google Admin console, and that ${credentials.subject} is an active user of the domain.`
        : `Check the OAuth client ID and secret, and the rep's refresh token (expired or revoked tokens need a new consent with scope ${CALENDAR_SCOPE}).`;
    case 'credentials':
      return `Check the credentials of ${who}.`;
    case 'forbidden':
      return `Check that ${who} may change events on ${calendarId}, the scope ${CALENDAR_SCOPE}, and that the Calendar API is enabled in the Google Cloud project.`;
    case 'not_found':
      return `Check calendar_id ${calendarId} and that ${who} can see it (or the event was removed from it).`;
    case 'gone':
      return 'The event was deleted from the calendar.';
    case 'calendar_error':
      return `Check calendar_id ${calendarId} and that its free/busy is visible to ${who}.`;
    case 'retryable':
    case 'network':
      return 'Google Calendar could not be reached after retries; the host is left out until it can.';
    default:
      return '';
  }
}
