import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import type { Config } from '../config/types.js';
import type { Store } from '../store/store.js';
import type { ServiceMetrics } from '../metrics/metrics.js';
import { checkAccess, sessionCookie } from './auth.js';
import { dashboardRoute, reportApi } from './routes.js';
import { acknowledgeRoute, leadRoute, leadsApi } from './lead-routes.js';
import { outcomePage } from './outcome-page.js';
import { recordOutcome } from '../pipeline/record-outcome.js';
import { PAGE_HEADERS } from './html.js';

export interface HttpDeps {
  config: Config;
  store: Store;
  /** null: this node has no SMTP listener (its role), so mail is not its to take. */
  smtpListening(): boolean | null;
  now(): number;
  logger: Logger;
  /** The registry /metrics serves; the same object the pipeline counts with. */
  metrics: ServiceMetrics;
  /** Secret of the signed outcome links in reps' briefs; null turns /outcome off. */
  outcomeSecret?: string | null;
}

/** The one form the pages post besides outcomes: a person takes a handed-off lead. */
const ACKNOWLEDGE = /^\/leads\/\d+\/acknowledge$/;

/** Forms post a handful of short fields; anything bigger is not ours. */
const MAX_FORM_BYTES = 4096;

/** Shorter secrets could be guessed offline from one link; 32 random bytes is the advice. */
const MIN_SECRET_LENGTH = 16;

/** Health, metrics, the reports pages and their JSON API, and the outcome links. */
export function createHttpServer(deps: HttpDeps) {
  if (deps.outcomeSecret && deps.outcomeSecret.length < MIN_SECRET_LENGTH) {
    throw new Error(`the outcome link secret must be at least ${MIN_SECRET_LENGTH} characters`);
  }
  const server = createServer((request, response) => {
    route(deps, request, response).catch((error: unknown) => {
      deps.logger.error({ err: error, url: request.url }, 'http handler failed');
      if (!response.headersSent) sendJson(response, 500, { error: 'internal error' });
      else response.destroy();
    });
  });
  return {
    listen: (port: number, host: string) =>
      new Promise<{ host: string; port: number }>((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          const address = server.address() as AddressInfo;
          resolve({ host: address.address, port: address.port });
        });
      }),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function route(deps: HttpDeps, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const url = new URL(request.url ?? '/', 'http://localhost');
  const method = request.method === 'HEAD' ? 'GET' : request.method;
  if (url.pathname === '/outcome') return outcome(deps, request, url, response);
  const acknowledging = request.method === 'POST' && ACKNOWLEDGE.test(url.pathname);
  if (method !== 'GET' && !acknowledging) return sendJson(response, 405, { error: 'method not allowed' });
  // Health stays open: load balancers and the container HEALTHCHECK carry no token.
  if (url.pathname === '/healthz') return await health(deps, response);

  const access = checkAccess(request, url, deps.config.service.http.accessToken);
  if (!access.allowed) {
    response.setHeader('www-authenticate', 'Bearer realm="campaign-agent"');
    return sendJson(response, 401, { error: 'an access token is required: Authorization: Bearer TOKEN, or ?token=TOKEN' });
  }
  if (access.via === 'query') {
    response.setHeader('set-cookie', sessionCookie(deps.config.service.http.accessToken!));
    // Pages drop the token from the address bar (and from history); the cookie carries it now.
    if (!url.pathname.startsWith('/api/') && url.pathname !== '/metrics') return redirectWithoutToken(response, url);
  }
  if (acknowledging) return await acknowledge(deps, request, url, response);
  if (url.pathname === '/metrics') {
    response.writeHead(200, { 'content-type': deps.metrics.contentType, 'cache-control': 'no-store' });
    response.end(await deps.metrics.render());
    return;
  }
  if (url.pathname === '/api/report') {
    const result = await reportApi(deps, url);
    return sendJson(response, result.status, result.body);
  }
  if (url.pathname === '/api/leads') {
    const result = await leadsApi(deps, url);
    return sendJson(response, result.status, result.body);
  }
  const page = await dashboardRoute(deps, url, access.bodies) ?? await leadRoute(deps, url, access.bodies);
  if (page) {
    response.writeHead(page.status, PAGE_HEADERS);
    response.end(page.body);
    return;
  }
  sendJson(response, 404, { error: 'not found' });
}

/** A message waiting longer than this is stuck: the pipeline answers within seconds. */
const STUCK_AFTER_MS = 5 * 60_000;

/**
 * Ready (200) only when the database answers and the SMTP listener (on a node that has one) accepts connections;
 * `degraded` (still 200: mail is being accepted) while messages wait too long or have failed,
 * with the reasons, because those are leads nobody has answered.
 */
async function health(deps: HttpDeps, response: ServerResponse): Promise<void> {
  const database = await deps.store.ping();
  // A node without the listener role is healthy without one (smtp: null).
  const smtp = deps.smtpListening();
  if (!database || smtp === false) return sendJson(response, 503, { status: 'unavailable', database, smtp, pending: null, retrying: null, failed: null });
  const { pending, retrying, failed, oldestPendingAt } = await deps.store.spool.backlog();
  const waitedMs = oldestPendingAt === null ? 0 : deps.now() - oldestPendingAt;
  const reasons = [
    ...(retrying > 0 ? [`${retrying} message(s) failed and wait for another attempt; see campaign-agent failed`] : []),
    ...(failed > 0 ? [`${failed} message(s) failed; see campaign-agent failed`] : []),
    ...(waitedMs > STUCK_AFTER_MS ? [`the oldest waiting message arrived ${Math.round(waitedMs / 60_000)} min ago`] : []),
  ];
  const status = reasons.length > 0 ? 'degraded' : 'ok';
  sendJson(response, 200, { status, database, smtp, pending, retrying, failed, oldestPendingSeconds: Math.round(waitedMs / 1000), reasons });
}

async function outcome(deps: HttpDeps, request: IncomingMessage, url: URL, response: ServerResponse): Promise<void> {
  if (!deps.outcomeSecret) return sendJson(response, 404, { error: 'not found' });
  if (request.method !== 'GET' && request.method !== 'HEAD' && request.method !== 'POST') {
    return sendJson(response, 405, { error: 'method not allowed' });
  }
  const params = request.method === 'POST' ? await readForm(request) : url.searchParams;
  if (params === null) return sendJson(response, 413, { error: 'form too large' });
  const result = await outcomePage({
    outcomes: deps.store.outcomes,
    record: (outcome, now) => recordOutcome(deps, outcome, now),
    secret: deps.outcomeSecret,
    params,
    method: request.method === 'POST' ? 'POST' : 'GET',
    now: deps.now(),
  });
  response.writeHead(result.status, PAGE_HEADERS);
  response.end(result.body);
}

/**
 * A form on our own page, never one on another site: the session cookie is SameSite=Strict, and
 * without a token (loopback only) the browser must say the form came from this server. Browsers
 * send Sec-Fetch-Site; older ones an Origin, which our no-referrer pages make "null".
 */
async function acknowledge(deps: HttpDeps, request: IncomingMessage, url: URL, response: ServerResponse): Promise<void> {
  const site = request.headers['sec-fetch-site'];
  const origin = request.headers.origin;
  const foreign = site !== undefined ? site !== 'same-origin' : origin !== undefined && hostOf(origin) !== request.headers.host;
  if (foreign) return sendJson(response, 403, { error: 'forms are accepted from this server only' });
  const result = (await acknowledgeRoute(deps, url))!;
  if (result.location) {
    response.writeHead(result.status, { location: result.location, 'cache-control': 'no-store' });
    response.end();
    return;
  }
  response.writeHead(result.status, PAGE_HEADERS);
  response.end(result.body);
}

function hostOf(origin: string): string | null {
  try {
    return new URL(origin).host;
  } catch {
    return null;
  }
}

async function readForm(request: IncomingMessage): Promise<URLSearchParams | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_FORM_BYTES) return null;
    chunks.push(chunk);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

function redirectWithoutToken(response: ServerResponse, url: URL): void {
  const clean = new URL(url);
  clean.searchParams.delete('token');
  response.writeHead(303, { location: `${clean.pathname}${clean.search}`, 'cache-control': 'no-store' });
  response.end();
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
  response.end(JSON.stringify(body));
}
