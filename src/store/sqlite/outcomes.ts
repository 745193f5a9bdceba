import type { Db } from './database.js';
import type { BookingForOutcome, RecordedOutcome, OutcomeChange, Outcomes } from '../outcomes.js';
import type { Synchronous } from './transactions.js';
import { iso } from '../rows/iso.js';
import { BOOKING_COLUMNS, bookingForOutcome, outcomeChange, outcomeDecision, recordedOutcome, type BookingRow, type OutcomeInput, type OutcomeRow } from '../rows/outcomes.js';

/** Meeting outcomes reps record; migration 002's triggers carry them onto the lead for reports. */
export function createOutcomes(db: Db): Synchronous<Outcomes> {
  const byId = db.prepare(`SELECT ${BOOKING_COLUMNS} FROM bookings WHERE id = ?`);
  const byUid = db.prepare(`SELECT ${BOOKING_COLUMNS} FROM bookings WHERE uid = ?`);
  const current = db.prepare(`SELECT outcome, reason, recorded_by, recorded_at, source FROM meeting_outcomes WHERE booking_id = ?`);
  const upsert = db.prepare(`INSERT INTO meeting_outcomes (booking_id, outcome, reason, recorded_by, recorded_at, source)
    VALUES (@bookingId, @outcome, @reason, @recordedBy, @now, @source)
    ON CONFLICT (booking_id) DO UPDATE SET outcome = excluded.outcome, reason = excluded.reason,
      recorded_by = excluded.recorded_by, recorded_at = excluded.recorded_at, source = excluded.source`);
  const decision = db.prepare(`INSERT INTO decisions (conversation_id, message_id, kind, actor, summary, detail, created_at)
    VALUES (?, NULL, 'outcome', 'rep', ?, ?, ?)`);

  function read(bookingId: number): RecordedOutcome | null {
    const row = current.get(bookingId) as OutcomeRow | undefined;
    return row ? recordedOutcome(row) : null;
  }

  return {
    booking(reference: string): BookingForOutcome | null {
      const row = (/^\d+$/.test(reference) ? byId.get(Number(reference)) : byUid.get(reference)) as BookingRow | undefined;
      return row ? bookingForOutcome(row) : null;
    },

    current: read,

    record(input: OutcomeInput, now: number): { change: OutcomeChange; previous: RecordedOutcome | null } {
      return db
        .transaction(() => {
          const previous = read(input.booking.id);
          const change = outcomeChange(input, previous);
          if (change === 'unchanged') return { change, previous };
          upsert.run({ bookingId: input.booking.id, outcome: input.outcome, reason: input.reason, recordedBy: input.recordedBy, now: iso(now), source: input.source });
          const { summary, detail } = outcomeDecision(input, previous);
          decision.run(input.booking.conversationId, summary, detail, iso(now));
          return { change, previous };
        })
        .immediate();
    },
  };
}
