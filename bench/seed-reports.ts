import type { Db } from '../src/store/sqlite/database.js';

/**
 * Seeds a report-scale database: leads spread evenly over two years (2024–2025) across 12
 * campaigns and 8 reps, each with one conversation; most were offered three times; bookings
 * spread evenly over the leads, 8 % of them cancelled; 70 % of past meetings have an outcome.
 * Rows go through the same triggers production writes do.
 */
export interface SeedSize {
  leads: number;
  bookings: number;
}

const SEED_START = Date.parse('2024-01-01T00:00:00Z');
const SEED_DAYS = 731;
const DAY = 86_400_000;
const HOUR = 3_600_000;
const STATUSES = ['offered', 'handed_off', 'declined', 'unsubscribed', 'stalled', 'offered', 'new'] as const;
const OUTCOMES = ['held', 'held', 'held', 'held', 'held', 'held', 'no_show', 'no_show', 'disqualified'] as const;
const REASONS = ['no_budget', 'wrong_fit', 'competitor'] as const;

export const campaignAddress = (index: number) => `campaign-${String(index).padStart(2, '0')}@meet.acme.example`;
export const hostId = (index: number) => `rep${index}`;

/** One transaction of prepared inserts; returns how many bookings it made. */
export function seedReportScale(db: Db, size: SeedSize): { leads: number; bookings: number } {
  const iso = (ms: number) => new Date(ms).toISOString();
  let state = 42;
  // A fixed-seed LCG: the same database every run, so timings compare.
  const random = () => {
    state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0;
    return state / 2 ** 32;
  };
  const insertLead = db.prepare(`INSERT INTO leads (id, campaign, email, received_at, first_reply_at, booked_at)
    VALUES (?, ?, ?, ?, ?, ?)`);
  const insertConversation = db.prepare(`INSERT INTO conversations
    (id, lead_id, campaign, token, status, state, host_id, prospect_zone, subject, created_at, updated_at)
    VALUES (?, ?, ?, ?, ?, '{}', ?, 'UTC', 'Demo request', ?, ?)`);
  const insertSlot = db.prepare(`INSERT INTO offered_slots (conversation_id, position, host_id, start_at, end_at, created_at)
    VALUES (?, ?, ?, ?, ?, ?)`);
  const insertBooking = db.prepare(`INSERT INTO bookings
    (id, uid, lead_id, conversation_id, campaign, host_id, attendee_email, start_at, end_at, status, created_at, updated_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'confirmed', ?, ?)`);
  const insertHost = db.prepare(`INSERT INTO booking_hosts (booking_id, host_id, start_at, end_at, status)
    VALUES (?, ?, ?, ?, 'confirmed')`);
  const cancel = db.prepare(`UPDATE bookings SET status = 'cancelled' WHERE id = ?`);
  const cancelHost = db.prepare(`UPDATE booking_hosts SET status = 'cancelled' WHERE booking_id = ?`);
  const insertOutcome = db.prepare(`INSERT INTO meeting_outcomes (booking_id, outcome, reason, recorded_by, recorded_at, source)
    VALUES (?, ?, ?, ?, ?, 'cli')`);
  const end = SEED_START + SEED_DAYS * DAY;
  const bookEvery = size.bookings / size.leads;
  let bookings = 0;

  // The rows are consistent by construction; foreign-key look-ups would only double the time.
  db.pragma('foreign_keys = OFF');
  db.transaction(() => {
    for (let id = 1; id <= size.leads; id++) {
      const campaign = campaignAddress(id % 12);
      const host = hostId(id % 8);
      const email = `prospect${id}@example.com`;
      const received = SEED_START + Math.floor(((id - 1) / size.leads) * SEED_DAYS * DAY);
      const replied = random() < 0.98 ? received + 1000 + Math.floor(random() * 59_000) : null;
      const booked = bookings < size.bookings && bookings < id * bookEvery;
      const bookedAt = booked ? received + HOUR + Math.floor(random() * 48 * HOUR) : null;
      insertLead.run(id, campaign, email, iso(received), replied === null ? null : iso(replied), bookedAt === null ? null : iso(bookedAt));
      const status = booked ? 'booked' : STATUSES[id % STATUSES.length]!;
      insertConversation.run(id, id, campaign, `token${id}`, status, status === 'new' ? null : host, iso(received), iso(bookedAt ?? replied ?? received));
      if (status !== 'new') {
        for (let position = 1; position <= 3; position++) {
          const start = received + position * DAY;
          insertSlot.run(id, position, host, iso(start), iso(start + 30 * 60_000), iso(replied ?? received));
        }
      }
      if (bookedAt === null) continue;
      bookings++;
      const start = bookedAt + DAY + Math.floor(random() * 9) * DAY;
      insertBooking.run(bookings, `booking${bookings}@bench`, id, id, campaign, host, email, iso(start), iso(start + 30 * 60_000), iso(bookedAt), iso(bookedAt));
      insertHost.run(bookings, host, iso(start), iso(start + 30 * 60_000));
      if (random() < 0.08) {
        cancel.run(bookings);
        cancelHost.run(bookings);
      }
      else if (start < end && random() < 0.7) {
        const outcome = OUTCOMES[bookings % OUTCOMES.length]!;
        const reason = outcome === 'disqualified' ? REASONS[Math.floor(bookings / OUTCOMES.length) % REASONS.length]! : null;
        insertOutcome.run(bookings, outcome, reason, host, iso(start + HOUR));
      }
    }
  })();
  db.pragma('foreign_keys = ON');
  return { leads: size.leads, bookings };
}
