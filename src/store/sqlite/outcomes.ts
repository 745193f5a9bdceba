import type { Db } from './database.js';
import { iso } from './database.js';
import type { MeetingOutcome } from '../../core/report-outcome.js';
import type { BookingForOutcome, RecordedOutcome, OutcomeChange, Outcomes } from '../outcomes.js';
import type { Synchronous } from './transactions.js';

interface BookingRow {
  id: number;
  uid: string;
  lead_id: number;
  conversation_id: number;
  campaign: string;
  host_id: string;
  attendee_email: string;
  start_at: string;
  end_at: string;
  status: string;
}

/** Meeting outcomes reps record; migration 002's triggers carry them onto the lead for reports. */
export function createOutcomes(db: Db): Synchronous<Outcomes> {
  const COLUMNS = 'id, uid, lead_id, conversation_id, campaign, host_id, attendee_email, start_at, end_at, status';
  const byId = db.prepare(`SELECT ${COLUMNS} FROM bookings WHERE id = ?`);
  const byUid = db.prepare(`SELECT ${COLUMNS} FROM bookings WHERE uid = ?`);
  const current = db.prepare(`SELECT outcome, reason, recorded_by, recorded_at, source FROM meeting_outcomes WHERE booking_id = ?`);
  const upsert = db.prepare(`INSERT INTO meeting_outcomes (booking_id, outcome, reason, recorded_by, recorded_at, source)
    VALUES (@bookingId, @outcome, @reason, @recordedBy, @now, @source)
    ON CONFLICT (booking_id) DO UPDATE SET outcome = excluded.outcome, reason = excluded.reason,
      recorded_by = excluded.recorded_by, recorded_at = excluded.recorded_at, source = excluded.source`);
  const decision = db.prepare(`INSERT INTO decisions (conversation_id, message_id, kind, actor, summary, detail, created_at)
    VALUES (?, NULL, 'outcome', 'rep', ?, ?, ?)`);

  function read(bookingId: number): RecordedOutcome | null {
    const row = current.get(bookingId) as
      | { outcome: MeetingOutcome; reason: string | null; recorded_by: string; recorded_at: string; source: 'cli' | 'link' }
      | undefined;
    if (!row) return null;
    return { outcome: row.outcome, reason: row.reason, recordedBy: row.recorded_by, recordedAt: Date.parse(row.recorded_at), source: row.source };
  }

  return {
    booking(reference: string): BookingForOutcome | null {
      const row = (/^\d+$/.test(reference) ? byId.get(Number(reference)) : byUid.get(reference)) as BookingRow | undefined;
      if (!row) return null;
      return {
        id: row.id,
        uid: row.uid,
        leadId: row.lead_id,
        conversationId: row.conversation_id,
        campaign: row.campaign,
        hostId: row.host_id,
        attendeeEmail: row.attendee_email,
        start: Date.parse(row.start_at),
        end: Date.parse(row.end_at),
        status: row.status,
      };
    },

    current: read,

    record(
      input: { booking: BookingForOutcome; outcome: MeetingOutcome; reason: string | null; recordedBy: string; source: 'cli' | 'link' },
      now: number,
    ): { change: OutcomeChange; previous: RecordedOutcome | null } {
      return db
        .transaction(() => {
          const previous = read(input.booking.id);
          if (previous && previous.outcome === input.outcome && previous.reason === input.reason) {
            return { change: 'unchanged' as const, previous };
          }
          upsert.run({ bookingId: input.booking.id, outcome: input.outcome, reason: input.reason, recordedBy: input.recordedBy, now: iso(now), source: input.source });
          const what = input.reason ? `${input.outcome} (${input.reason})` : input.outcome;
          const summary = previous
            ? `outcome changed from ${previous.outcome} to ${what} by ${input.recordedBy} (${input.source})`
            : `outcome ${what} recorded by ${input.recordedBy} (${input.source})`;
          const detail = { bookingId: input.booking.id, outcome: input.outcome, reason: input.reason, recordedBy: input.recordedBy, source: input.source, previous };
          decision.run(input.booking.conversationId, summary, JSON.stringify(detail), iso(now));
          return { change: previous ? ('changed' as const) : ('recorded' as const), previous };
        })
        .immediate();
    },
  };
}

