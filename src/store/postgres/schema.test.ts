import type pg from 'pg';
import { afterAll, expect, it } from 'vitest';
import { describeWithPostgres, postgresDatabase, type TestDatabase } from '../../../test/support/postgres.js';
import { openDatabase, type Db } from '../sqlite/database.js';
import { migratePostgres, openPostgres } from './database.js';
import { createSession } from './session.js';

type Step = [sql: string, values?: unknown[]];

const conversation = (id: number, lead: number, status: string, host: string | null, at: string): Step => [
  `INSERT INTO conversations (lead_id, campaign, token, status, state, host_id, prospect_zone, subject, created_at, updated_at)
    VALUES (?, 'c1', ?, ?, '{}', ?, 'UTC', 'Hi', ?, ?)`,
  [lead, `token-${id}`, status, host, at, at],
];
const booking = (uid: string, lead: number, host: string, start: string, end: string): Step => [
  `INSERT INTO bookings (uid, lead_id, conversation_id, campaign, host_id, attendee_email, start_at, end_at, status, created_at, updated_at)
    VALUES (?, ?, 1, 'c1', ?, 'a@x.test', ?, ?, 'confirmed', '2026-03-02T10:00:00.000Z', '2026-03-02T10:00:00.000Z')`,
  [uid, lead, host, start, end],
];

/** Writes that fire every trigger of the schema, in the order the service would make them. */
const STEPS: Step[] = [
  [`INSERT INTO leads (campaign, email, received_at) VALUES ('c1', 'a@x.test', '2026-03-02T09:00:00.000Z')`],
  // Known at insert (a replayed lead); the last millisecond of a UTC day.
  [`INSERT INTO leads (campaign, email, received_at, first_reply_at) VALUES ('c1', 'b@x.test', '2026-03-02T23:59:59.999Z', '2026-03-03T00:00:12.345Z')`],
  conversation(1, 1, 'active', 'alice', '2026-03-02T09:00:00.000Z'),
  [`INSERT INTO offered_slots (conversation_id, position, host_id, start_at, end_at, created_at)
     VALUES (1, 1, 'alice', '2026-03-05T10:00:00.000Z', '2026-03-05T10:30:00.000Z', '2026-03-02T09:00:01.000Z')`],
  [`INSERT INTO offered_slots (conversation_id, position, host_id, start_at, end_at, created_at)
     VALUES (1, 2, 'alice', '2026-03-05T11:00:00.000Z', '2026-03-05T11:30:00.000Z', '2026-03-02T09:30:00.000Z')`],
  [`UPDATE leads SET first_reply_at = '2026-03-02T09:00:02.500Z' WHERE id = 1`],
  [`UPDATE conversations SET status = 'offered', host_id = 'alice', updated_at = '2026-03-02T09:00:03.000Z' WHERE id = 1`],
  [`UPDATE leads SET name = 'Ann' WHERE id = 1`],
  // 44 days ahead: more milliseconds than an integer holds.
  booking('u1', 1, 'alice', '2026-04-15T10:00:00.000Z', '2026-04-15T10:30:00.000Z'),
  [`UPDATE leads SET booked_at = '2026-03-02T10:00:00.000Z' WHERE id = 1`],
  [`INSERT INTO meeting_outcomes (booking_id, outcome, reason, recorded_by, recorded_at, source) VALUES (1, 'held', NULL, 'alice', '2026-04-15T11:00:00.000Z', 'cli')`],
  [`UPDATE meeting_outcomes SET outcome = 'disqualified', reason = 'no_budget' WHERE booking_id = 1`],
  [`UPDATE bookings SET start_at = '2026-04-16T10:00:00.000Z', end_at = '2026-04-16T10:30:00.000Z', host_id = 'bob' WHERE id = 1`],
  conversation(2, 1, 'handed_off', 'bob', '2026-03-03T08:00:00.000Z'),
  // Saving the older conversation speaks no more for the lead.
  [`UPDATE conversations SET status = 'stalled', host_id = 'carol' WHERE id = 1`],
  [`UPDATE conversations SET status = 'active', updated_at = '2026-03-03T09:00:00.000Z' WHERE id = 2`],
  [`UPDATE conversations SET status = 'handed_off', updated_at = '2026-03-03T10:00:00.000Z' WHERE id = 2`],
  [`UPDATE conversations SET status = 'handed_off', updated_at = '2026-03-03T11:00:00.000Z' WHERE id = 2`],
  [`UPDATE bookings SET status = 'cancelled', cancelled_at = '2026-03-04T00:00:00.000Z' WHERE id = 1`],
  booking('u2', 1, 'alice', '2026-04-20T10:00:00.000Z', '2026-04-20T10:30:00.000Z'),
  [`DELETE FROM bookings WHERE id = 2`],
  conversation(3, 2, 'declined', null, '2026-03-03T00:00:13.000Z'),
  [`UPDATE leads SET campaign = 'c2' WHERE id = 2`],
  [`INSERT INTO leads (campaign, email, received_at, first_reply_at, booked_at)
     VALUES ('c1', 'c@x.test', '2026-03-01T00:00:00.000Z', '2026-03-01T00:00:01.000Z', '2026-03-01T01:00:00.000Z')`],
  // Last: SQLite would give the next lead the id of a deleted newest one, PostgreSQL never does.
  [`DELETE FROM conversations WHERE id = 3`],
  [`DELETE FROM leads WHERE id = 2`],
];

const LEAD_FACTS = `SELECT id, campaign, status, host_id, offered_at, meeting_id, meeting_status, meeting_host_id, meeting_start_at,
  outcome, first_reply_ms, to_booking_ms, to_meeting_ms, handed_off_at FROM leads ORDER BY id`;
const DAYS = `SELECT * FROM lead_days ORDER BY campaign, day, rep`;

const numbered = (sql: string) => {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
};

describeWithPostgres('PostgreSQL schema', () => {
  const databases: TestDatabase[] = [];
  const pools: pg.Pool[] = [];
  let sqlite: Db | undefined;
  afterAll(async () => {
    sqlite?.close();
    await Promise.all(pools.map((pool) => pool.end()));
    await Promise.all(databases.map((database) => database.drop()));
  });
  async function migrated(): Promise<pg.Pool> {
    const database = await postgresDatabase();
    databases.push(database);
    const pool = await openPostgres(database.url);
    pools.push(pool);
    await migratePostgres(pool);
    return pool;
  }

  it('its triggers leave the same report facts and daily rollup as the SQLite ones, write after write', async () => {
    const pool = await migrated();
    sqlite = openDatabase(':memory:');
    for (const [index, [sql, values = []]] of STEPS.entries()) {
      sqlite.prepare(sql).run(...values);
      await pool.query(numbered(sql), values);
      const step = `after step ${index + 1}: ${sql.split('\n')[0]}`;
      expect((await pool.query(LEAD_FACTS)).rows, step).toEqual(sqlite.prepare(LEAD_FACTS).all());
      expect((await pool.query(DAYS)).rows, step).toEqual(sqlite.prepare(DAYS).all());
    }
    // The walk reached what it meant to: a moved, cancelled, disqualified meeting; a hand-off.
    expect((await pool.query(LEAD_FACTS)).rows[0]).toMatchObject({
      meeting_status: 'cancelled', meeting_host_id: 'bob', outcome: 'disqualified', to_meeting_ms: 3_891_600_000,
      status: 'handed_off', handed_off_at: '2026-03-03T10:00:00.000Z',
    });
  });

  it('refuses a second confirmed meeting over a host\'s time, by the constraint the adapters map to "slot taken"', async () => {
    const pool = await migrated();
    for (const step of [
      [`INSERT INTO leads (campaign, email, received_at) VALUES ('c1', 'a@x.test', '2026-03-02T09:00:00.000Z')`],
      conversation(1, 1, 'active', 'alice', '2026-03-02T09:00:00.000Z'),
      ...[1, 2, 3, 4, 5].map((n) => booking(`u${n}`, 1, 'alice', '2026-05-04T10:00:00.000Z', '2026-05-04T10:30:00.000Z')),
    ] as Step[]) {
      await pool.query(numbered(step[0]), step[1]);
    }
    const session = createSession(pool);
    const host = (booking: number, hostId: string, start: string, end: string, status = 'confirmed') =>
      session.query(`INSERT INTO booking_hosts (booking_id, host_id, start_at, end_at, status) VALUES ($1, $2, $3, $4, $5)`, [
        booking, hostId, start, end, status,
      ]);
    const refusal = (write: Promise<unknown>) =>
      write.then(
        () => 'accepted',
        (error: pg.DatabaseError) => `${error.code} ${error.constraint}`,
      );
    const taken = '23P01 booking_hosts_no_overlap';
    await host(1, 'alice', '2026-05-04T10:00:00Z', '2026-05-04T10:30:00Z');
    expect(await refusal(host(2, 'alice', '2026-05-04T10:15:00Z', '2026-05-04T10:45:00Z'))).toBe(taken);
    expect(await refusal(host(2, 'alice', '2026-05-04T10:30:00Z', '2026-05-04T11:00:00Z'))).toBe('accepted');
    expect(await refusal(host(3, 'bob', '2026-05-04T10:00:00Z', '2026-05-04T10:30:00Z'))).toBe('accepted');
    expect(await refusal(host(3, 'alice', '2026-05-04T10:00:00Z', '2026-05-04T10:30:00Z', 'cancelled'))).toBe('accepted');
    expect(await refusal(session.query(`UPDATE booking_hosts SET status = 'confirmed' WHERE booking_id = 3 AND host_id = 'alice'`))).toBe(taken);

    // Two nodes booking the same time at once, each in its own transaction: the second waits
    // for the first to commit, then is refused.
    const both = Promise.all(
      [4, 5].map((booking) =>
        refusal(session.transaction(() => host(booking, 'carol', '2026-05-04T10:00:00Z', '2026-05-04T10:30:00Z'))),
      ),
    );
    expect((await both).sort()).toEqual([taken, 'accepted']);
    const hosts = await pool.query(`SELECT host_id FROM booking_hosts WHERE booking_id = 3 ORDER BY rowid`);
    expect(hosts.rows).toEqual([{ host_id: 'bob' }, { host_id: 'alice' }]);
  });
});
