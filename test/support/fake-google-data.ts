import { createHash } from 'node:crypto';

/** An error reply in the Calendar API's JSON shape (`error.errors[].reason` is what clients act on). */
export function googleError(status: number, reason?: string, message?: string) {
  const known = DEFAULT_ERRORS[status] ?? { reason: 'backendError', message: 'Backend Error' };
  const why = reason ?? known.reason;
  const text = message ?? (reason ? (REASON_MESSAGES[reason] ?? why) : known.message);
  const domain = why.endsWith('RateLimitExceeded') || why === 'rateLimitExceeded' ? 'usageLimits' : 'global';
  return { error: { errors: [{ domain, reason: why, message: text }], code: status, message: text } };
}

const DEFAULT_ERRORS: Record<number, { reason: string; message: string }> = {
  400: { reason: 'invalid', message: 'Invalid Value' },
  401: { reason: 'authError', message: 'Invalid Credentials' },
  403: { reason: 'forbidden', message: 'Forbidden' },
  404: { reason: 'notFound', message: 'Not Found' },
  409: { reason: 'duplicate', message: 'The requested identifier already exists.' },
  410: { reason: 'deleted', message: 'Resource has been deleted' },
  429: { reason: 'rateLimitExceeded', message: 'Rate Limit Exceeded' },
};

const REASON_MESSAGES: Record<string, string> = {
  rateLimitExceeded: 'Rate Limit Exceeded',
  userRateLimitExceeded: 'User Rate Limit Exceeded',
  forbidden: 'Forbidden',
};

export type StoredEvent = Record<string, unknown> & { id: string; status: string };

export interface Interval {
  start: number;
  end: number;
}

/** What the Calendar API keeps per calendar: busy blocks set by the test and the events written. */
export class FakeCalendarData {
  readonly calendars = new Set<string>();
  /** Calendars whose free/busy only their owner may see (no domain-wide sharing). */
  readonly privateFreeBusy = new Set<string>();
  private readonly busyBlocks = new Map<string, Interval[]>();
  private readonly events = new Map<string, Map<string, StoredEvent>>();
  private version = 0;

  constructor(private readonly now: () => number) {}

  addBusy(calendarId: string, intervals: Interval[]): void {
    this.calendars.add(calendarId);
    this.busyBlocks.set(calendarId, [...(this.busyBlocks.get(calendarId) ?? []), ...intervals]);
  }

  eventsOf(calendarId: string): StoredEvent[] {
    return [...(this.events.get(calendarId)?.values() ?? [])];
  }

  /** Busy periods within [min, max), clipped to it, as `freebusy.query` reports them. */
  busy(calendarId: string, min: number, max: number): Array<{ start: string; end: string }> {
    const fromEvents = this.eventsOf(calendarId)
      .filter((event) => event.status !== 'cancelled' && event.transparency !== 'transparent')
      .map((event) => ({ start: eventTime(event.start), end: eventTime(event.end) }));
    return [...(this.busyBlocks.get(calendarId) ?? []), ...fromEvents]
      .filter((block) => block.start < max && block.end > min)
      .sort((a, b) => a.start - b.start)
      .map((block) => ({ start: rfc3339(Math.max(block.start, min)), end: rfc3339(Math.min(block.end, max)) }));
  }

  /** events.insert: the id rules and the duplicate check are Google's. */
  insert(calendarId: string, body: Record<string, unknown>, conferenceDataVersion: number, principal: string) {
    const id = typeof body.id === 'string' ? body.id : `auto${++this.version}`;
    if (!/^[a-v0-9]{5,1024}$/.test(id)) return { status: 400, body: googleError(400, 'invalid', 'Invalid resource id value.') };
    const calendar = this.events.get(calendarId) ?? new Map<string, StoredEvent>();
    if (calendar.has(id)) return { status: 409, body: googleError(409) };
    const { conferenceData, ...fields } = body;
    const stamp = rfc3339(this.now());
    const event: StoredEvent = {
      kind: 'calendar#event',
      etag: `"${++this.version}"`,
      id,
      status: 'confirmed',
      htmlLink: `https://www.google.com/calendar/event?eid=${id}`,
      created: stamp,
      updated: stamp,
      creator: { email: principal },
      organizer: { email: calendarId, self: true },
      iCalUID: `${id}@google.com`,
      sequence: 0,
      reminders: { useDefault: true },
      eventType: 'default',
      ...fields,
      attendees: withResponseStatus(fields.attendees),
      ...(conferenceDataVersion >= 1 ? meet(conferenceData) : {}),
    };
    calendar.set(id, event);
    this.events.set(calendarId, calendar);
    return { status: 200, body: event };
  }

  /** events.patch: top-level fields replace, `null` clears, as Google's patch semantics. */
  patch(calendarId: string, eventId: string, body: Record<string, unknown>) {
    const event = this.events.get(calendarId)?.get(eventId);
    if (!event) return { status: 404, body: googleError(404) };
    for (const [key, value] of Object.entries(body)) {
      if (value === null) delete event[key];
      else event[key] = key === 'attendees' ? withResponseStatus(value) : value;
    }
    event.etag = `"${++this.version}"`;
    event.updated = rfc3339(this.now());
    return { status: 200, body: event };
  }

  /** events.delete: the event stays, cancelled (a second delete is 410, a re-insert 409). */
  remove(calendarId: string, eventId: string) {
    const event = this.events.get(calendarId)?.get(eventId);
    if (!event) return { status: 404, body: googleError(404) };
    if (event.status === 'cancelled') return { status: 410, body: googleError(410) };
    event.status = 'cancelled';
    return { status: 204, body: null };
  }
}

function withResponseStatus(attendees: unknown): unknown {
  if (!Array.isArray(attendees)) return attendees;
  return attendees.map((attendee: Record<string, unknown>) => ({ responseStatus: 'needsAction', ...attendee }));
}

/** Google answers a create request with a Meet link; the code is stable for the request id. */
function meet(conferenceData: unknown) {
  const request = (conferenceData as { createRequest?: { requestId?: string } } | undefined)?.createRequest;
  if (!request) return {};
  const hash = createHash('sha256').update(request.requestId ?? '').digest('hex');
  const letters = [...hash.slice(0, 10)].map((c) => String.fromCharCode(97 + (parseInt(c, 16) % 26))).join('');
  const code = `${letters.slice(0, 3)}-${letters.slice(3, 7)}-${letters.slice(7, 10)}`;
  const uri = `https://meet.google.com/${code}`;
  return {
    hangoutLink: uri,
    conferenceData: {
      createRequest: { ...request, status: { statusCode: 'success' } },
      entryPoints: [{ entryPointType: 'video', uri, label: uri.slice('https://'.length) }],
      conferenceSolution: { key: { type: 'hangoutsMeet' }, name: 'Google Meet' },
      conferenceId: code,
    },
  };
}

function eventTime(value: unknown): number {
  return Date.parse((value as { dateTime?: string } | undefined)?.dateTime ?? '');
}

/** Google writes instants as second-precision UTC. */
export function rfc3339(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
