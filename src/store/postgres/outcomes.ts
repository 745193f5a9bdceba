import type { Session } from './session.js';
import type { BookingForOutcome, RecordedOutcome, OutcomeChange, Outcomes } from '../outcomes.js';
import { iso } from '../rows/iso.js';
import { BOOKING_COLUMNS, bookingForOutcome, outcomeChange, outcomeDecision, recordedOutcome, type BookingRow, type OutcomeRow } from '../rows/outcomes.js';

/** Meeting outcomes reps record; the schema's triggers carry them onto the lead for reports. */
export function createPostgresOutcomes(session: Session): Outcomes {
  async function read(bookingId: number): Promise<RecordedOutcome | null> {
    const { rows } = await session.query<OutcomeRow>(
      `SELECT outcome, reason, recorded_by, recorded_at, source FROM meeting_outcomes WHERE booking_id = $1`,
      [bookingId],
    );
    return rows[0] ? recordedOutcome(rows[0]) : null;
  }

  return {
    async booking(reference: string): Promise<BookingForOutcome | null> {
      const byId = /^\d+$/.test(reference);
      // A number past any id is no booking (SQLite compares it and finds none; bigint would refuse it).
      if (byId && !Number.isSafeInteger(Number(reference))) return null;
      const { rows } = await session.query<BookingRow>(
        `SELECT ${BOOKING_COLUMNS} FROM bookings WHERE ${byId ? 'id' : 'uid'} = $1`,
        [byId ? Number(reference) : reference],
      );
      return rows[0] ? bookingForOutcome(rows[0]) : null;
    },

    current: read,

    record(input, now: number): Promise<{ change: OutcomeChange; previous: RecordedOutcome | null }> {
      return session.transaction(async () => {
        // Two reps recording at once take turns on the booking, as SQLite's one writer makes them:
        // the second sees the first's outcome as the previous one.
        await session.query(`SELECT 1 FROM bookings WHERE id = $1 FOR NO KEY UPDATE`, [input.booking.id]);
        const previous = await read(input.booking.id);
        const change = outcomeChange(input, previous);
        if (change === 'unchanged') return { change, previous };
        await session.query(
          `INSERT INTO meeting_outcomes (booking_id, outcome, reason, recorded_by, recorded_at, source) VALUES ($1, $2, $3, $4, $5, $6)
           ON CONFLICT (booking_id) DO UPDATE SET outcome = excluded.outcome, reason = excluded.reason,
             recorded_by = excluded.recorded_by, recorded_at = excluded.recorded_at, source = excluded.source`,
          [input.booking.id, input.outcome, input.reason, input.recordedBy, iso(now), input.source],
        );
        const { summary, detail } = outcomeDecision(input, previous);
        await session.query(
          `INSERT INTO decisions (conversation_id, message_id, kind, actor, summary, detail, created_at) VALUES ($1, NULL, 'outcome', 'rep', $2, $3, $4)`,
          [input.booking.conversationId, summary, detail, iso(now)],
        );
        return { change, previous };
      });
    },
  };
}
