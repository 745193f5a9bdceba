import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import fc from 'fast-check';
import { createTransport } from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { malformedMessages } from './support/mail-mutations.js';
import { startRelaySink } from './support/relay-sink.js';
import { startDemoService } from './support/service.js';
import { sqliteConnection } from '../src/store/sqlite/store.js';

const FIXTURES = 'fixtures/mail/';
const fixtures = readdirSync(FIXTURES)
  .filter((file) => file.endsWith('.eml'))
  .sort()
  .map((file) => readFileSync(`${FIXTURES}${file}`));
const SAMPLES = 300;
const SENDERS = ['jane.doe@example.com', 'tom@example.org', '', 'bounces+123@lists.example.net'];

/** What became of one accepted message, read from the database as ops would. */
type Outcome = 'answered' | 'handed to a person' | 'ignored' | 'folded into another answer' | 'no answer needed' | 'silence';

/**
 * The whole service on fuzzed mail: every fixture and 300 damaged ones over real SMTP, each
 * either refused at the edge or accepted and then, once the queue has drained, answered, handed
 * to a person, or deliberately ignored with its reason. None may end in silence.
 */
describe('every accepted message ends somewhere a person can see', () => {
  let relay: Awaited<ReturnType<typeof startRelaySink>>;
  let running: Awaited<ReturnType<typeof startDemoService>>;
  let clock = Date.parse('2026-12-07T09:00:00Z');

  beforeAll(async () => {
    relay = await startRelaySink();
    running = await startDemoService({ outboundSmtpUrl: relay.url }, { now: () => clock });
  });
  afterAll(async () => {
    await running?.service.close();
    await relay?.close();
  });

  it('counts the outcomes: zero messages in silence', async () => {
    const samples = [...fixtures, ...fc.sample(malformedMessages(fixtures), { numRuns: SAMPLES, seed: 20261207 })];
    const client = createTransport({ host: '127.0.0.1', port: running.service.smtp.port, secure: false, ignoreTLS: true, pool: true, maxConnections: 4 });
    let refused = 0;
    await Promise.all(
      samples.map(async (raw, index) => {
        try {
          await client.sendMail({ envelope: { from: SENDERS[index % SENDERS.length]!, to: ['webinar-q3@meet.acme.com'] }, raw });
        } catch {
          refused += 1;
        }
      }),
    );
    client.close();

    const { store } = running.service;
    // Drain, moving the clock so that retries come due.
    for (let waited = 0; waited < 60_000; waited += 200) {
      const backlog = await store.spool.backlog();
      if (backlog.pending === 0) break;
      if (backlog.retrying > 0) clock += 30 * 60_000;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(await store.spool.backlog()).toMatchObject({ pending: 0, retrying: 0, failed: 0 });

    const db = sqliteConnection(store);
    const rows = db.prepare(`SELECT id, status, kind, conversation_id AS conversationId FROM messages WHERE direction = 'in' ORDER BY id`).all() as Array<{
      id: number;
      status: string;
      kind: string | null;
      conversationId: number | null;
    }>;
    const laterMail = db.prepare(`SELECT kind FROM messages WHERE direction = 'out' AND conversation_id = ? AND id > ?`).pluck();
    const decisions = db.prepare(`SELECT kind || ': ' || summary FROM decisions WHERE message_id = ?`).pluck();
    const outcomeOf = (row: (typeof rows)[number]): Outcome => {
      if (row.status === 'handed_off') return 'handed to a person';
      if (row.status !== 'processed') return 'silence';
      const explained = decisions.all(row.id) as string[];
      if (row.kind !== 'human') return explained.some((line) => line.startsWith('classification: ')) ? 'ignored' : 'silence';
      if (explained.some((line) => line.includes('read and answered together with message'))) return 'folded into another answer';
      const mails = row.conversationId === null ? [] : (laterMail.all(row.conversationId, row.id) as string[]);
      if (mails.includes('handoff')) return 'handed to a person';
      if (mails.some((kind) => kind === 'reply' || kind === 'confirmation')) return 'answered';
      // A turn that deliberately sends nothing ("thanks" after a booking) says so in its step.
      return explained.some((line) => /^step: .*no action$/.test(line)) ? 'no answer needed' : 'silence';
    };
    const counts: Record<string, number> = { refused };
    const byKind: Record<string, number> = {};
    const silent: number[] = [];
    for (const row of rows) {
      const outcome = outcomeOf(row);
      counts[outcome] = (counts[outcome] ?? 0) + 1;
      const detail = `${outcome}: ${row.kind ?? row.status}`;
      byKind[detail] = (byKind[detail] ?? 0) + 1;
      if (outcome === 'silence') silent.push(row.id);
    }
    mkdirSync('test-output', { recursive: true });
    writeFileSync('test-output/no-silence-fuzz.json', `${JSON.stringify({ samples: samples.length, counts, byKind }, null, 2)}\n`);
    expect(rows.length + refused).toBe(samples.length);
    expect(silent.map((id) => ({ id, decisions: decisions.all(id) }))).toEqual([]);
    // The run reached every kind of ending, so the classification above is exercised.
    expect(counts['answered']).toBeGreaterThan(0);
    expect(counts['ignored']).toBeGreaterThan(0);
    expect(counts['handed to a person']).toBeGreaterThan(0);
  }, 120_000);
});
