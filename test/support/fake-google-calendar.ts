import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FakeCalendarData, googleError, rfc3339 } from './fake-google-data.js';
import { FakeTokenEndpoint } from './fake-google-token.js';

export interface RecordedRequest {
  method: string;
  /** Decoded path, e.g. /calendar/v3/calendars/alice@acme.com/events */
  path: string;
  query: Record<string, string>;
  headers: Record<string, string | string[] | undefined>;
  /** Parsed JSON (API) or form fields (token endpoint); null without a body. */
  body: unknown;
}

export interface RequestMatch {
  method?: string;
  /** Substring of, or pattern for, the decoded path. */
  path?: string | RegExp;
}

/** A reply a test forces on the next matching request instead of the normal answer. */
export interface ScriptedReply {
  status: number;
  /** Google error reason, e.g. rateLimitExceeded; defaults to the usual one for the status. */
  reason?: string;
  message?: string;
  /** Value of the Retry-After header. */
  retryAfter?: string;
  /** Carry out the request, then answer with the error (a reply lost after the write). */
  afterCommit?: boolean;
  /** Send this body instead of Google's error body for the status. */
  body?: unknown;
}

const FREEBUSY_MAX_CALENDARS = 50;
const EVENTS_PATH = /^\/calendar\/v3\/calendars\/([^/]+)\/events(?:\/([^/]+))?$/;

/**
 * A local Calendar API v3 on 127.0.0.1:0: free/busy, event insert/patch/update/delete and the
 * OAuth token endpoint, with Google's reply and error shapes. It records every request, checks
 * bearer tokens against the tokens it issued, and can be scripted to fail.
 */
export async function startFakeGoogleCalendar(options: { now?: () => number } = {}) {
  const data = new FakeCalendarData(options.now ?? (() => Date.now()));
  const tokens = new FakeTokenEndpoint();
  const requests: RecordedRequest[] = [];
  const scripts: Array<{ match: RequestMatch; replies: ScriptedReply[] }> = [];

  const server = createServer((req, res) => {
    readBody(req)
      .then((raw) => handle(req, raw, res))
      .catch((error: unknown) => send(res, 500, googleError(500, 'backendError', String(error))));
  });

  function handle(req: IncomingMessage, raw: string, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://fake');
    const path = decodeURIComponent(url.pathname);
    const method = req.method ?? 'GET';
    const form = path === '/token' ? new URLSearchParams(raw) : null;
    const body = form ? Object.fromEntries(form) : raw ? (JSON.parse(raw) as unknown) : null;
    requests.push({ method, path, query: Object.fromEntries(url.searchParams), headers: req.headers, body });

    const scripted = nextScripted(method, path);
    if (scripted && !scripted.afterCommit) return sendScripted(res, scripted);
    if (form) {
      const reply = tokens.exchange(form);
      return send(res, reply.status, reply.body);
    }
    const bearer = /^Bearer (.+)$/.exec(String(req.headers.authorization ?? ''))?.[1] ?? '';
    const principal = tokens.principalOf(bearer);
    if (!principal) return send(res, 401, googleError(401));
    const reply = route(method, path, url.searchParams, (body ?? {}) as Record<string, unknown>, principal);
    if (scripted) return sendScripted(res, scripted);
    send(res, reply.status, reply.body);
  }

  function route(
    method: string,
    path: string,
    query: URLSearchParams,
    body: Record<string, unknown>,
    principal: string,
  ): { status: number; body: unknown } {
    if (method === 'POST' && path === '/calendar/v3/freeBusy') return freeBusy(body, principal);
    const [, calendarId = '', eventId] = EVENTS_PATH.exec(path) ?? [];
    if (!calendarId) return { status: 404, body: googleError(404) };
    if (!data.calendars.has(calendarId)) return { status: 404, body: googleError(404) };
    if (method === 'POST' && !eventId) {
      return data.insert(calendarId, body, Number(query.get('conferenceDataVersion') ?? 0), principal);
    }
    // PUT gets patch semantics too: the fake keeps one update path, and the provider only patches.
    if (eventId && (method === 'PATCH' || method === 'PUT')) return data.patch(calendarId, eventId, body);
    if (eventId && method === 'DELETE') return data.remove(calendarId, eventId);
    return { status: 404, body: googleError(404) };
  }

  function freeBusy(body: Record<string, unknown>, principal: string) {
    const { timeMin, timeMax } = body;
    if (typeof timeMin !== 'string' || typeof timeMax !== 'string') {
      return { status: 400, body: googleError(400, 'required', 'Missing timeMin or timeMax.') };
    }
    const items = Array.isArray(body.items) ? (body.items as Array<{ id: string }>) : [];
    const min = Date.parse(timeMin);
    const max = Date.parse(timeMax);
    const calendars = Object.fromEntries(
      items.map(({ id }, index) => {
        if (index >= FREEBUSY_MAX_CALENDARS) return [id, calendarErrors('usageLimits', 'tooManyCalendarsRequested')];
        const hidden = data.privateFreeBusy.has(id) && principal !== id;
        if (!data.calendars.has(id) || hidden) return [id, calendarErrors('global', 'notFound')];
        return [id, { busy: data.busy(id, min, max) }];
      }),
    );
    return { status: 200, body: { kind: 'calendar#freeBusy', timeMin: rfc3339(min), timeMax: rfc3339(max), calendars } };
  }

  function nextScripted(method: string, path: string): ScriptedReply | undefined {
    const script = scripts.find(({ match, replies }) => replies.length > 0 && matches(match, method, path));
    return script?.replies.shift();
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const rootUrl = `http://127.0.0.1:${port}/`;

  return {
    rootUrl,
    tokenUrl: `${rootUrl}token`,
    /** Every request, token requests included, in arrival order. */
    requests,
    tokens,
    /** Requests to the Calendar API (not the token endpoint) that match. */
    apiRequests(match: RequestMatch = {}): RecordedRequest[] {
      return requests.filter((r) => r.path !== '/token' && matches(match, r.method, r.path));
    },
    addCalendar(calendarId: string): void {
      data.calendars.add(calendarId);
    },
    /** "Calendar X is busy at ...": ISO instants. */
    setBusy(calendarId: string, blocks: Array<{ start: string; end: string }>): void {
      data.addBusy(calendarId, blocks.map((b) => ({ start: Date.parse(b.start), end: Date.parse(b.end) })));
    },
    /** Only the calendar's owner sees its free/busy (others get a per-calendar notFound). */
    hideFreeBusy(calendarId: string): void {
      data.privateFreeBusy.add(calendarId);
    },
    events: (calendarId: string) => data.eventsOf(calendarId),
    /** The next requests matching `match` get these replies, in order. */
    failNext(match: RequestMatch, ...replies: ScriptedReply[]): void {
      scripts.push({ match, replies: [...replies] });
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export type FakeGoogleCalendar = Awaited<ReturnType<typeof startFakeGoogleCalendar>>;

function matches(match: RequestMatch, method: string, path: string): boolean {
  if (match.method && match.method !== method) return false;
  if (match.path === undefined) return true;
  return typeof match.path === 'string' ? path.includes(match.path) : match.path.test(path);
}

function calendarErrors(domain: string, reason: string) {
  return { errors: [{ domain, reason }], busy: [] };
}

function sendScripted(res: ServerResponse, reply: ScriptedReply): void {
  const headers: Record<string, string> = reply.retryAfter ? { 'retry-after': reply.retryAfter } : {};
  const body = reply.body ?? googleError(reply.status, reply.reason, reply.message);
  send(res, reply.status, body, headers);
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (status === 204 || body === null) {
    res.writeHead(status, headers).end();
    return;
  }
  res.writeHead(status, { 'content-type': 'application/json; charset=UTF-8', ...headers });
  res.end(JSON.stringify(body));
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/**
 * The fake with Gina's OAuth client, refresh token and calendar (e2e-team's ginaOnGoogle), and
 * the environment a config naming them reads.
 */
export async function fakeGoogleWithGina(now: () => number, gina = 'gina@acme.com') {
  const fake = await startFakeGoogleCalendar({ now });
  fake.tokens.addOAuthClient('client-1.apps.googleusercontent.com', 'client-secret-1');
  fake.tokens.addRefreshToken('refresh-gina', gina);
  fake.addCalendar(gina);
  const env = {
    GOOGLE_API_ROOT_URL: fake.rootUrl,
    GOOGLE_CLIENT_ID: 'client-1.apps.googleusercontent.com',
    GOOGLE_CLIENT_SECRET: 'client-secret-1',
    GINA_GOOGLE_REFRESH_TOKEN: 'refresh-gina',
  };
  return { fake, env };
}
