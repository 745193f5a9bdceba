import type { Session } from './session.js';
import type { MeetingOutcome } from '../../core/report-outcome.js';
import type { BookingForOutcome, RecordedOutcome, OutcomeChange, Outcomes } from '../outcomes.js';

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

const COLUMNS = 'id, uid, lead_id, conversation_id, campaign, host_id, attendee_email, start_at, end_at, status';

const iso = (epochMs: number) => new Date(epochMs).toISOString();

/** Meeting outcomes reps record; the schema's triggers carry them onto the lead for reports. */
export function createPostgresOutcomes(session: Session): Outcomes {
  async function read(bookingId: number): Promise<RecordedOutcome | null> {
    const { rows } = await session.query<{
      outcome: MeetingOutcome;
      reason: string | null;
      recorded_by: string;
      recorded_at: string;
      source: 'cli' | 'link';
    }>(`SELECT outcome, reason, recorded_by, recorded_at, source FROM meeting_outcomes WHERE booking_id = $1`, [bookingId]);
    const row = rows[0];
    if (!row) return null;
    return { outcome: row.outcome, reason: row.reason, recordedBy: row.recorded_by, recordedAt: Date.parse(row.recorded_at), source: row.source };
  }

  return {
    async booking(reference: string): Promise<BookingForOutcome | null> {
      const byId = /^\d+$/.test(reference);
      // A number past any id is no booking (SQLite compares it and finds none; bigint would refuse it).
      if (byId && !Number.isSafeInteger(Number(reference))) return null;
      const { rows } = await session.query<BookingRow>(
        `SELECT ${COLUMNS} FROM bookings WHERE ${byId ? 'id' : 'uid'} = $1`,
        [byId ? Number(reference) : reference],
      );
      const row = rows[0];
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

    record(input, now: number): Promise<{ change: OutcomeChange; previous: RecordedOutcome | null }> {
      return session.transaction(async () => {
        // Two reps recording at once take turns on the booking, as SQLite's one writer makes them:
        // the second sees the first's outcome as the previous one.
        await session.query(`SELECT 1 FROM bookings WHERE id = $1 FOR NO KEY UPDATE`, [input.booking.id]);
        const previous = await read(input.booking.id);
        if (previous && previous.outcome === input.outcome && previous.reason === input.reason) {
          return { change: 'unchanged' as const, previous };
        }
        await session.query(
          `INSERT INTO meeting_outcomes (booking_id, outcome, reason, recorded_by, recorded_at, source) VALUES ($1, $2, $3, $4, $5, $6)
           ON CONFLICT (booking_id) DO UPDATE SET outcome = excluded.outcome, reason = excluded.reason,
             recorded_by = excluded.recorded_by, recorded_at = excluded.recorded_at, source = excluded.source`,
          [input.booking.id, input.outcome, input.reason, input.recordedBy, iso(now), input.source],
        );
        const what = input.reason ? `${input.outcome} (${input.reason})` : input.outcome;
        const summary = previous
          ? `outcome changed from ${previous.outcome} to ${what} by ${input.recordedBy} (${input.source})`
          : `outcome ${what} recorded by ${input.recordedBy} (${input.source})`;
        const detail = { bookingId: input.booking.id, outcome: input.outcome, reason: input.reason, recordedBy: input.recordedBy, source: input.source, previous };
        await session.query(
          `INSERT INTO decisions (conversation_id, message_id, kind, actor, summary, detail, created_at) VALUES ($1, NULL, 'outcome', 'rep', $2, $3, $4)`,
          [input.booking.conversationId, summary, JSON.stringify(detail), iso(now)],
        );
        return { change: previous ? ('changed' as const) : ('recorded' as const), previous };
      });
    },
  };
}
