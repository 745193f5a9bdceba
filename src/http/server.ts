import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import type { Config } from '../config/types.js';
import type { Store } from '../store/store.js';
import { campaignReport, parseInstant } from '../report/campaign-report.js';

export interface HttpDeps {
  config: Config;
  store: Store;
  smtpListening(): boolean;
  now(): number;
  logger: Logger;
}

const DAY = 24 * 60 * 60 * 1000;

/** Health and the report JSON; the dashboard page arrives with the reports issue. */
export function createHttpServer(deps: HttpDeps) {
  const server = createServer((request, response) => {
    try {
      route(deps, request, response);
    } catch (error) {
      deps.logger.error({ err: error, url: request.url }, 'http handler failed');
      send(response, 500, { error: 'internal error' });
    }
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

function route(deps: HttpDeps, request: IncomingMessage, response: ServerResponse): void {
  const url = new URL(request.url ?? '/', 'http://localhost');
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    return send(response, 405, { error: 'method not allowed' });
  }
  if (url.pathname === '/healthz') return health(deps, response);
  if (url.pathname === '/api/report') return report(deps, url, response);
  send(response, 404, { error: 'not found' });
}

/** Ready only when the database answers and the SMTP listener accepts connections. */
function health(deps: HttpDeps, response: ServerResponse): void {
  let database = false;
  try {
    database = deps.store.db.prepare('SELECT 1').pluck().get() === 1;
  } catch {
    database = false;
  }
  const smtp = deps.smtpListening();
  const pending = database ? deps.store.spool.pendingCount() : null;
  send(response, database && smtp ? 200 : 503, { status: database && smtp ? 'ok' : 'unavailable', database, smtp, pending });
}

function report(deps: HttpDeps, url: URL, response: ServerResponse): void {
  const now = deps.now();
  const since = parseInstant(url.searchParams.get('since') ?? '30d', now);
  const until = url.searchParams.has('until') ? parseInstant(url.searchParams.get('until')!, now) : now + DAY;
  if (since === null || until === null) {
    return send(response, 400, { error: 'since/until must be YYYY-MM-DD, an ISO instant, or Nd (days ago)' });
  }
  const campaign = url.searchParams.get('campaign')?.toLowerCase();
  const rows = campaignReport(deps.store.leads, deps.config, { since, until, ...(campaign ? { campaign } : {}) });
  send(response, 200, { since: new Date(since).toISOString(), until: new Date(until).toISOString(), campaigns: rows });
}

function send(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  response.end(JSON.stringify(body));
}
