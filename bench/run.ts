/**
 * `npm run bench [-- PART ...]`: runs the named parts (all when none is named), each printing its
 * table and writing bench/results/<part>.json, then rebuilds BENCHMARKS.md from the results.
 * Never run by `npm test` or CI: the figures depend on the machine.
 */
import { runBurstBench } from './burst.js';
import { runFirstReplyBench } from './first-reply.js';
import { runIngestBench } from './ingest.js';
import { writeBenchmarksMd } from './lib/benchmarks-md.js';
import { postfixProblem } from './lib/postfix.js';
import { postgresProblem } from './lib/postgres-server.js';
import { runMemoryBench } from './memory.js';
import { runPostgresBench } from './postgres.js';
import { runReportsBench } from './reports.js';
import { runSlotsBench } from './slots.js';

const PARTS: Record<string, { what: string; needsPostfix: boolean; run: () => Promise<unknown> }> = {
  ingest: { what: 'durable SMTP ingest vs Postfix and a bare smtp-server', needsPostfix: true, run: runIngestBench },
  'first-reply': { what: 'time from 250 to the reply at the relay, 500 prospects in a minute', needsPostfix: false, run: runFirstReplyBench },
  burst: { what: 'reply burst: 20, 100, 500 leads within a minute (500 also at once), first picks booked, with and without holds', needsPostfix: false, run: runBurstBench },
  slots: { what: 'one offer computation, 50 reps × 500 busy events × 14 days', needsPostfix: false, run: runSlotsBench },
  reports: { what: 'reports over 1,000,000 leads and 300,000 bookings', needsPostfix: false, run: () => runReportsBench() },
  memory: { what: 'service memory idle, after 10,000 messages, around a 25 MB message', needsPostfix: true, run: runMemoryBench },
  postgres: { what: 'PostgreSQL beside SQLite: ingest, first reply, drain with 1 and 2 workers', needsPostfix: false, run: runPostgresBench },
};

async function main(): Promise<number> {
  const asked = process.argv.slice(2);
  const unknown = asked.filter((name) => !(name in PARTS));
  if (unknown.length > 0 || asked.includes('--help')) {
    console.error(`usage: npm run bench [-- ${Object.keys(PARTS).join(' | ')} ...]\n`);
    for (const [name, part] of Object.entries(PARTS)) console.error(`  ${name.padEnd(12)} ${part.what}`);
    return unknown.length > 0 ? 1 : 0;
  }
  const chosen = asked.length > 0 ? asked : Object.keys(PARTS);
  // ingest compares with Postfix and memory uses its smtp-sink: say so before anything runs.
  const problem = chosen.some((name) => PARTS[name]!.needsPostfix) ? postfixProblem() : null;
  if (problem) {
    console.error(`bench: ${problem} (needed by ${chosen.filter((name) => PARTS[name]!.needsPostfix).join(', ')}; see bench/README.md)`);
    return 1;
  }
  const noPostgres = chosen.includes('postgres') ? postgresProblem() : null;
  if (noPostgres) {
    console.error(`bench: ${noPostgres} (needed by postgres; see bench/README.md)`);
    return 1;
  }
  const failed: string[] = [];
  for (const name of chosen) {
    const started = performance.now();
    console.log(`\n== ${name}: ${PARTS[name]!.what}`);
    try {
      await PARTS[name]!.run();
    } catch (error) {
      failed.push(name);
      console.error(`bench ${name} failed:`, error);
    }
    console.log(`== ${name} took ${Math.round((performance.now() - started) / 1000)} s`);
  }
  console.log(`\nwrote ${writeBenchmarksMd()}`);
  return failed.length > 0 ? 2 : 0;
}

// Ctrl-C: exit through process.exit so the 'exit' handlers stop Postfix and smtp-sink.
process.once('SIGINT', () => process.exit(130));

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error);
    process.exitCode = 2;
  },
);
