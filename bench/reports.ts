/**
 * Report benchmark: seeds 1,000,000 leads and 300,000 bookings in a temporary database, then
 * times the per-campaign report for a quarter (the target: under 300 ms) and its neighbours.
 *
 *   npx tsx bench/reports.ts            prints a table, writes bench/results/reports.json
 *
 * `runReportsBench()` is what `npm run bench` calls.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { loadConfig } from '../src/config/load.js';
import type { Config } from '../src/config/types.js';
import { openDatabase } from '../src/store/sqlite/database.js';
import { openSqliteStore } from '../src/store/sqlite/store.js';
import { buildReport } from '../src/report/campaign-report.js';
import { buildDashboard } from '../src/report/dashboard.js';
import { formatReport } from '../src/report/format.js';
import { encodeCursor, leadRoute } from '../src/http/lead-routes.js';
import { campaignAddress, hostId, seedReportScale } from './seed-reports.js';
import { percentile, round } from './lib/stats.js';
import { formatTable } from './lib/table.js';

export interface BenchCase {
  name: string;
  runs: number;
  minMs: number;
  medianMs: number;
  p95Ms: number;
  maxMs: number;
}

export interface ReportsBenchResult {
  bench: 'reports';
  at: string;
  node: string;
  sqlite: string;
  leads: number;
  bookings: number;
  seedMs: number;
  targetMs: number;
  /** The per-campaign quarter report's median is under the target. */
  pass: boolean;
  /** The first page of /leads (server time: queries and HTML) against its target. */
  leadsTargetMs: number;
  leadsPass: boolean;
  cases: BenchCase[];
}

const TARGET_MS = 300;
const LEADS_TARGET_MS = 100;
const SIZE = { leads: 1_000_000, bookings: 300_000 };
/** Timed runs per case, after one warm-up. */
const RUNS = 10;
const HERE = dirname(fileURLToPath(import.meta.url));
const RESULTS_FILE = join(HERE, 'results', 'reports.json');
const QUARTER = { since: Date.parse('2025-01-01T00:00:00Z'), until: Date.parse('2025-04-01T00:00:00Z') };

export async function runReportsBench(): Promise<ReportsBenchResult> {
  const log = (line: string) => console.log(line);
  const dir = mkdtempSync(join(tmpdir(), 'campaign-agent-bench-'));
  const file = join(dir, 'reports.db');
  try {
    // Seeding in memory and copying out once is several times faster than writing the file row
    // by row; the copy has the same schema, triggers and indexes.
    const started = performance.now();
    const memory = openDatabase(':memory:');
    const seeded = seedReportScale(memory, SIZE);
    memory.prepare('VACUUM INTO ?').run(file);
    memory.close();
    const seedMs = performance.now() - started;
    log(`seeded ${seeded.leads.toLocaleString('en')} leads and ${seeded.bookings.toLocaleString('en')} bookings in ${(seedMs / 1000).toFixed(1)} s`);

    const store = openSqliteStore(file);
    const config = benchConfig();
    const oneCampaign = campaignAddress(3);
    const cases: BenchCase[] = [
      await time('per-campaign report, quarter (CLI table)', RUNS, async () =>
        formatReport(await buildReport(store.reports, config, { ...QUARTER, by: 'campaign' }), 'table'),
      ),
      await time('one campaign, quarter', RUNS, () => buildReport(store.reports, config, { ...QUARTER, by: 'campaign', campaign: oneCampaign })),
      await time('by rep, quarter', RUNS, () => buildReport(store.reports, config, { ...QUARTER, by: 'rep' })),
      await time('by week, quarter', RUNS, () => buildReport(store.reports, config, { ...QUARTER, by: 'week' })),
      await time('web page data, quarter', RUNS, () => buildDashboard(store.reports, config, { ...QUARTER, bodies: false, now: QUARTER.until })),
      ...await leadPageCases(store, config),
    ];
    const sqlite = store.db.prepare('SELECT sqlite_version()').pluck().get() as string;
    await store.close();

    const result: ReportsBenchResult = {
      bench: 'reports',
      at: new Date().toISOString(),
      node: process.version,
      sqlite,
      leads: seeded.leads,
      bookings: seeded.bookings,
      seedMs: Math.round(seedMs),
      targetMs: TARGET_MS,
      pass: cases[0]!.medianMs < TARGET_MS,
      leadsTargetMs: LEADS_TARGET_MS,
      leadsPass: cases.find((entry) => entry.name === FIRST_LEADS_PAGE)!.medianMs < LEADS_TARGET_MS,
      cases,
    };
    for (const line of table(result)) log(line);
    mkdirSync(dirname(RESULTS_FILE), { recursive: true });
    writeFileSync(RESULTS_FILE, `${JSON.stringify(result, null, 2)}\n`);
    log(`wrote ${RESULTS_FILE}`);
    return result;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const FIRST_LEADS_PAGE = '/leads, first page (HTML)';

/** The web's lead pages as the server makes them (queries and HTML; no socket): every filter, a deep page, one lead, the queue. */
async function leadPageCases(store: ReturnType<typeof openSqliteStore>, config: Config): Promise<BenchCase[]> {
  const deps = { config, store, now: () => QUARTER.until };
  const page = (path: string) => async () => {
    const result = await leadRoute(deps, new URL(path, 'http://bench'), true);
    if (result?.status !== 200) throw new Error(`${path}: ${result?.status}`);
  };
  const filter = { campaign: null, state: null, meeting: null, rep: null, since: null, until: null };
  const deep = (await store.leadList.page(filter, null, 50_000)).next!;
  const someLead = (await store.leadList.page(filter, deep, 1)).leads[0]!.id;
  const quarter = 'since=2025-01-01&until=2025-04-01';
  return [
    await time(FIRST_LEADS_PAGE, RUNS, page('/leads')),
    await time('/leads, page 1,001 (after 50,000 leads)', RUNS, page(`/leads?after=${encodeCursor(deep)}`)),
    await time('/leads, one campaign, quarter', RUNS, page(`/leads?campaign=${encodeURIComponent(campaignAddress(3))}&${quarter}`)),
    await time('/leads, handed to a person', RUNS, page('/leads?state=handed_off')),
    await time('/leads, one rep', RUNS, page(`/leads?rep=${hostId(2)}`)),
    await time('/leads, meetings held, quarter', RUNS, page(`/leads?meeting=held&${quarter}`)),
    await time('/leads/ID, one lead', RUNS, page(`/leads/${someLead}`)),
    await time('/handoffs, the queue', RUNS, page('/handoffs')),
  ];
}

/** Twelve campaigns and eight reps as the seed names them, on the demo configuration's settings. */
function benchConfig(): Config {
  const loaded = loadConfig({ file: join(HERE, '..', 'config', 'campaigns.yaml'), env: {}, overrides: {} });
  if (!loaded.ok) throw new Error(`demo configuration: ${JSON.stringify(loaded.errors)}`);
  const { config } = loaded;
  const hosts = Array.from({ length: 8 }, (_, index) => ({ ...config.hosts[0]!, id: hostId(index), name: `Rep ${index}` }));
  const campaigns = Array.from({ length: 12 }, (_, index) => ({
    ...config.campaigns[0]!,
    address: campaignAddress(index),
    name: `Campaign ${index}`,
    hostIds: hosts.map((host) => host.id),
  }));
  return { ...config, hosts, campaigns };
}

async function time(name: string, runs: number, work: () => Promise<unknown>): Promise<BenchCase> {
  await work();
  const samples: number[] = [];
  for (let run = 0; run < runs; run++) {
    const started = performance.now();
    await work();
    samples.push(performance.now() - started);
  }
  samples.sort((a, b) => a - b);
  const at = (share: number) => round(percentile(samples, share));
  return { name, runs, minMs: round(samples[0]!), medianMs: at(0.5), p95Ms: at(0.95), maxMs: round(samples.at(-1)!) };
}

function table(result: ReportsBenchResult): string[] {
  const rows = result.cases.map((entry) => [entry.name, entry.minMs, entry.medianMs, entry.p95Ms, entry.maxMs]);
  return [
    formatTable(['case', 'min ms', 'median ms', 'p95 ms', 'max ms'], rows),
    `target: per-campaign quarter report under ${result.targetMs} ms (median): ${result.pass ? 'met' : 'MISSED'}`,
    `target: first page of /leads under ${result.leadsTargetMs} ms of server time (median): ${result.leadsPass ? 'met' : 'MISSED'}`,
  ];
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  runReportsBench().then(
    (result) => {
      if (!result.pass || !result.leadsPass) process.exitCode = 1;
    },
    (error: unknown) => {
      console.error(error);
      process.exitCode = 2;
    },
  );
}
