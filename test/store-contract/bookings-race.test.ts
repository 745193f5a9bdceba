import { expect, it } from 'vitest';
import type { BookingRecord } from '../../src/core/host-limits.js';
import type { BookingVerdict, NewBooking } from '../../src/store/bookings.js';
import type { PostgresStore } from '../../src/store/postgres/store.js';
import type { Store } from '../../src/store/store.js';
import { describeWithPostgres } from '../support/postgres.js';
import { HOUR, MINUTE, NOW, newBooking } from './conversations-fixture.js';
import { describeEachEngine, postgresNodes } from './engines.js';

const ROUNDS = 20;
const EVERYTHING = { bookedSince: 0, startFrom: 0, startTo: NOW + 1000 * HOUR };

/** Confirmed meetings of one host that overlap: what must never be. */
function overlaps(records: BookingRecord[]): BookingRecord[][] {
  const confirmed = records.filter((record) => record.status === 'confirmed').sort((a, b) => a.hostId.localeCompare(b.hostId) || a.start - b.start);
  return confirmed.slice(1).flatMap((record, i) => {
    const before = confirmed[i]!;
    return before.hostId === record.hostId && before.end > record.start ? [[before, record]] : [];
  });
}

const winners = (verdicts: BookingVerdict[]) => verdicts.filter((verdict) => verdict.ok).length;

/** Round `round`'s contenders: the same hour of bob's (and for some, cy's), each a little off. */
async function contenders(store: Store, round: number, prefix: string) {
  const start = NOW + (24 + 2 * round) * HOUR;
  return Promise.all(
    [
      [['bob'], 0],
      [['bob'], 15],
      [['bob', 'cy'], -15],
      [['cy', 'bob'], 30],
    ].map(([hostIds, offset], n) =>
      newBooking(store, `${prefix}${round}-${n}@a.example`, hostIds as string[], { start: start + (offset as number) * MINUTE, end: start + ((offset as number) + 60) * MINUTE }),
    ),
  );
}

describeEachEngine('bookings raced', (open) => {
  it('of prospects taking overlapping times at once, exactly one gets a meeting each time', async () => {
    const store = await open();
    for (let round = 0; round < ROUNDS; round++) {
      const race = await contenders(store, round, 'p');
      const verdicts = await Promise.all(race.map((booking) => store.transaction(() => store.bookings.insertIfFree(booking, NOW))));
      expect(winners(verdicts)).toBe(1);
    }
    expect(overlaps(await store.bookings.forRouting(['bob', 'cy'], EVERYTHING))).toEqual([]);
  });
});

describeWithPostgres('bookings raced across nodes (postgresql)', () => {
  const nodes = postgresNodes();

  it('two nodes booking overlapping times at once: exactly one wins each time, and no host is booked twice', async () => {
    const [a, b] = nodes();
    let firstWinner: { booking: NewBooking; id: number } | undefined;
    for (let round = 0; round < ROUNDS; round++) {
      const race = await contenders(a, round, 'n');
      const verdicts = await Promise.all(
        race.map((booking, n) => {
          const node = n % 2 ? b : a;
          return node.transaction(() => node.bookings.insertIfFree(booking, NOW));
        }),
      );
      expect(winners(verdicts)).toBe(1);
      const won = verdicts.findIndex((verdict) => verdict.ok);
      firstWinner ??= { booking: race[won]!, id: (verdicts[won] as { id: number }).id };
    }
    expect(overlaps(await b.bookings.forRouting(['bob', 'cy'], EVERYTHING))).toEqual([]);
    // A booking retried on the other node is the one already made.
    for (const node of nodes()) {
      expect(await node.transaction(() => node.bookings.insertIfFree(firstWinner!.booking, NOW))).toEqual({ ok: true, id: firstWinner!.id });
    }
  });

  it('a time another writer holds uncommitted is refused by the constraint once that commits, and the transaction goes on', async () => {
    const [a] = nodes();
    const mine = await newBooking(a, 'ann@a.example', ['bob'], { start: NOW + 24 * HOUR, end: NOW + 25 * HOUR });
    const theirs = await newBooking(a, 'bea@a.example', ['bob'], { start: NOW + 24 * HOUR + 30 * MINUTE, end: NOW + 26 * HOUR });
    // A writer the clash check cannot see yet, as a node that inserted it a moment ago: raw SQL,
    // since through the store the two would take turns before the check.
    const other = await a.pool.connect();
    try {
      await other.query('BEGIN');
      const { rows } = await other.query<{ id: number }>(
        `INSERT INTO bookings (uid, lead_id, conversation_id, campaign, host_id, attendee_email, start_at, end_at, status, created_at, updated_at)
         VALUES ($1, $2, $3, $4, 'bob', $5, $6, $7, 'confirmed', $8, $8) RETURNING id`,
        [theirs.uid, theirs.leadId, theirs.conversationId, theirs.campaign, theirs.attendeeEmail, new Date(theirs.slot.start), new Date(theirs.slot.end), new Date(NOW)],
      );
      await other.query(`INSERT INTO booking_hosts (booking_id, host_id, start_at, end_at, status) VALUES ($1, 'bob', $2, $3, 'confirmed')`, [
        rows[0]!.id,
        new Date(theirs.slot.start),
        new Date(theirs.slot.end),
      ]);
      const turn = a.transaction(async () => {
        const verdict = await a.bookings.insertIfFree(mine, NOW);
        await a.journal.decide({ conversationId: mine.conversationId, messageId: null, kind: 'booking', actor: 'code', summary: 'slot taken', detail: verdict }, NOW);
        return verdict;
      });
      await waitForLockWait(a);
      await other.query('COMMIT');
      expect(await turn).toEqual({ ok: false, reason: 'slot_taken' });
      const decided = await a.pool.query(`SELECT summary FROM decisions WHERE conversation_id = $1`, [mine.conversationId]);
      expect(decided.rows).toEqual([{ summary: 'slot taken' }]);
      expect(await a.bookings.idOf(mine.uid)).toBeNull();
    } finally {
      other.release();
    }
  });
});

/** Until a connection of the database waits for a lock (the insert waiting on the uncommitted row). */
async function waitForLockWait(store: PostgresStore): Promise<void> {
  for (let tries = 0; tries < 200; tries++) {
    const { rows } = await store.pool.query<{ waiting: number }>(
      `SELECT count(*) AS waiting FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
    );
    if (rows[0]!.waiting > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error('no insert ever waited for the uncommitted booking');
}
