import pino from 'pino';
import { createHttpServer } from '../../src/http/server.js';
import { createMetrics, type ServiceMetrics } from '../../src/metrics/metrics.js';
import { NOW, reportConfig, type ReportFixture } from './seed-reports.js';

export interface ReportServerOptions {
  accessToken?: string | null;
  metrics?: ServiceMetrics;
  outcomeSecret?: string | null;
}

/** The web server over a seeded report database at the fixture's "now"; returns its base URL. Close it with `close`. */
export async function serveReports(fixture: ReportFixture, options: ReportServerOptions = {}): Promise<{ base: string; close(): Promise<void> }> {
  const server = createHttpServer({
    config: reportConfig({ accessToken: options.accessToken ?? null }),
    store: fixture.store,
    smtpListening: () => true,
    now: () => NOW,
    logger: pino({ level: 'silent' }),
    metrics: options.metrics ?? createMetrics({ processMetrics: false }),
    outcomeSecret: options.outcomeSecret ?? null,
  });
  const { port } = await server.listen(0, '127.0.0.1');
  return { base: `http://127.0.0.1:${port}`, close: () => server.close() };
}
