import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/load.js';
import type { Config } from '../../src/config/types.js';
import { openSqliteStore, type SqliteStore } from '../../src/store/sqlite/store.js';
import type { MeetingOutcome } from '../../src/core/report-outcome.js';
import { at, testCampaign, testHost } from './scenario.js';

/**
 * A small database whose report figures are worked out by hand in test/reports.test.ts. Rows
 * are written with the same statements the pipeline's store uses, so migration 002's triggers
 * see what they see in production.
 *
 * Window 2026-03-02 .. 2026-03-23 (three weeks, the last without leads):
 *   webinar (alice, bob; round robin)
 *     L1 jane   Mon 03-02 09:00  reply 30 s  offer alice  booked +3 h, meeting 03-04 15:00   held
 *               colleague sam@a.example writes in the same thread (same lead)
 *     L2 raj    Tue 03-03 10:00  reply 10 s  offer bob    booked +1 h, meeting 03-05 10:00,
 *               rescheduled to 03-06 14:00 (still one meeting)                              no-show
 *     L3 li     Wed 03-04 08:00  reply 60 s  offer alice  booked +1 h, meeting 03-09 09:00, cancelled
 *     L4 ana    Tue 03-10 14:00  reply 20 s  offer alice  declined
 *     L5 tom    Wed 03-11 09:00  no reply, no offer, handed to a person, no rep
 *     L6 eve    Thu 03-12 16:00  reply 40 s  offer bob    stalled
 *     an out-of-office reply from x@g.example on 03-05 (no lead)
 *   pricing (bob; priority)
 *     L7 kim    Mon 03-02 13:00  reply 5 s   offer bob    booked +1 h, meeting 03-03 10:00    disqualified no_budget
 *     L8 zoe    Mon 03-09 09:00  reply 15 s  offer bob    unsubscribed
 *   events (alice; round robin): no leads
 *   outside the window:
 *     L0 old    02-20 on webinar, booked with alice 02-25 10:00, rescheduled to 03-26 09:00
 *     L9 late   03-23 00:00 on webinar (the window's end is exclusive), booked with bob 03-25 10:00
 */
export const WINDOW = { since: at('2026-03-02T00:00:00'), until: at('2026-03-23T00:00:00') };
/** "Now" for pages and upcoming meetings: after every meeting of the window. */
export const NOW = at('2026-03-23T12:00:00');
export const WEBINAR = 'webinar@meet.test';
export const PRICING = 'pricing@meet.test';
export const EVENTS = 'events@meet.test';
/** From prospects and users: must reach pages escaped. */
export const WEBINAR_NAME = 'Webinar <Q3> & "friends"';
export const HOSTILE_SUBJECT = '<script>alert(1)</script> Demo';
export const JANE_TEXT = 'Hi, I saw the webinar. Could we talk next week?';

/**
 * The shipped demo configuration's service settings with this file's team and campaigns. Read
 * through the loader alone (not test/support/service.ts) so report tests do not load the pipeline.
 */
export function reportConfig(overrides: { accessToken?: string | null } = {}): Config {
  const loaded = loadConfig({ file: 'config/campaigns.yaml', env: {}, overrides: { httpPort: 0, smtpPort: 0 } });
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
  const base = loaded.config;
  const pricing = testCampaign({ address: PRICING, name: 'Pricing page', hostIds: ['bob'] });
  return {
    ...base,
    service: { ...base.service, http: { ...base.service.http, accessToken: overrides.accessToken ?? null } },
    hosts: [testHost({ id: 'alice', name: 'Alice Moreau' }), testHost({ id: 'bob', name: 'Bob Okafor' })],
    campaigns: [
      testCampaign({ address: WEBINAR, name: WEBINAR_NAME, hostIds: ['alice', 'bob'] }),
      { ...pricing, routing: { ...pricing.routing, mode: 'priority' } },
      testCampaign({ address: EVENTS, name: 'Events', hostIds: ['alice'] }),
    ],
  };
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const iso = (ms: number) => new Date(ms).toISOString();

export interface SeededLead {
  id: number;
  conversationId: number;
  email: string;
}

/** Writes like the pipeline does; each method is one of its store statements. */
export function seeder(store: SqliteStore) {
  const { db } = store;
  let messageNumber = 0;
  const message = (input: { direction: 'in' | 'out'; campaign: string; conversationId: number | null; kind: string; from: string; subject: string; text: string | null; at: number }) => {
    messageNumber += 1;
    return Number(
      db
        .prepare(`INSERT INTO messages (direction, campaign, conversation_id, message_id, envelope_from, envelope_to, raw, size,
            created_at, status, done_at, kind, from_address, subject, visible_text)
          VALUES (?, ?, ?, ?, ?, '[]', x'', 0, ?, ?, ?, ?, ?, ?, ?)`)
        .run(input.direction, input.campaign, input.conversationId, `<m${messageNumber}@seed>`, input.from, iso(input.at),
          input.direction === 'in' ? 'processed' : 'sent', iso(input.at), input.kind, input.from, input.subject, input.text).lastInsertRowid,
    );
  };
  const touch = (lead: SeededLead, status: string, hostId: string | null, when: number) =>
    db.prepare(`UPDATE conversations SET status = ?, host_id = ?, updated_at = ? WHERE id = ?`).run(status, hostId, iso(when), lead.conversationId);

  return {
    /** The first human message: a lead, its contact, a conversation, the inbound message. */
    lead(campaign: string, email: string, received: number, subject = 'Demo request', text = 'Hello, could we meet?'): SeededLead {
      const id = Number(db.prepare(`INSERT INTO leads (campaign, email, name, received_at) VALUES (?, ?, NULL, ?)`).run(campaign, email, iso(received)).lastInsertRowid);
      db.prepare(`INSERT INTO contacts (lead_id, email, name, created_at) VALUES (?, ?, NULL, ?)`).run(id, email, iso(received));
      const conversationId = Number(
        db.prepare(`INSERT INTO conversations (lead_id, campaign, token, status, state, prospect_zone, subject, created_at, updated_at)
          VALUES (?, ?, ?, 'new', '{}', 'UTC', ?, ?, ?)`).run(id, campaign, `token-${id}`, subject, iso(received), iso(received)).lastInsertRowid,
      );
      message({ direction: 'in', campaign, conversationId, kind: 'human', from: email, subject, text, at: received });
      return { id, conversationId, email };
    },

    /** A colleague forwarded into the thread: a contact of the same lead, never a lead. */
    colleague(lead: SeededLead, campaign: string, email: string, when: number): void {
      db.prepare(`INSERT INTO contacts (lead_id, email, name, created_at) VALUES (?, ?, NULL, ?)`).run(lead.id, email, iso(when));
      message({ direction: 'in', campaign, conversationId: lead.conversationId, kind: 'human', from: email, subject: 'Fwd: Demo request', text: 'Adding myself, I run the team.', at: when });
    },

    /** Robots are recorded with no conversation and create no lead. */
    autoReply(campaign: string, from: string, when: number): void {
      message({ direction: 'in', campaign, conversationId: null, kind: 'auto_reply', from, subject: 'Out of office', text: null, at: when });
    },

    /** The agent's offer of three times, sent: the first reply (outbox markSent) and offered_slots. */
    offer(lead: SeededLead, campaign: string, hostId: string, sent: number): void {
      const outbound = message({ direction: 'out', campaign, conversationId: lead.conversationId, kind: 'reply', from: campaign, subject: 'Re: Demo request', text: 'Here are three times.', at: sent });
      db.prepare(`UPDATE leads SET first_reply_at = ? WHERE first_reply_at IS NULL AND id = (SELECT lead_id FROM conversations WHERE id = ?)`).run(iso(sent), lead.conversationId);
      for (let position = 1; position <= 3; position++) {
        db.prepare(`INSERT INTO offered_slots (conversation_id, message_id, position, host_id, start_at, end_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`)
          .run(lead.conversationId, outbound, position, hostId, iso(sent + position * 24 * HOUR), iso(sent + position * 24 * HOUR + 30 * MINUTE), iso(sent));
      }
      db.prepare(`INSERT INTO decisions (conversation_id, message_id, kind, actor, summary, detail, created_at) VALUES (?, NULL, 'step', 'code', ?, '{}', ?)`)
        .run(lead.conversationId, `new -> offered: offer (${hostId})`, iso(sent));
      touch(lead, 'offered', hostId, sent);
    },

    /** A confirmed booking (insertIfFree, booking_hosts, markBooked); returns the booking id. */
    book(lead: SeededLead, campaign: string, hostId: string, confirmed: number, start: number): number {
      const id = Number(
        db.prepare(`INSERT INTO bookings (uid, lead_id, conversation_id, campaign, host_id, attendee_email, start_at, end_at, status, created_at, updated_at)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'confirmed', ?, ?)`)
          .run(`uid-${lead.id}@meet.test`, lead.id, lead.conversationId, campaign, hostId, lead.email, iso(start), iso(start + 30 * MINUTE), iso(confirmed), iso(confirmed)).lastInsertRowid,
      );
      db.prepare(`INSERT INTO booking_hosts (booking_id, host_id, start_at, end_at, status) VALUES (?, ?, ?, ?, 'confirmed')`).run(id, hostId, iso(start), iso(start + 30 * MINUTE));
      db.prepare(`UPDATE leads SET booked_at = ? WHERE id = ? AND booked_at IS NULL`).run(iso(confirmed), lead.id);
      touch(lead, 'booked', hostId, confirmed);
      return id;
    },

    /** moveIfFree: the same booking row at a new time. */
    reschedule(lead: SeededLead, bookingId: number, hostId: string, when: number, start: number): void {
      db.prepare(`UPDATE bookings SET start_at = ?, end_at = ?, sequence = sequence + 1, updated_at = ? WHERE id = ?`).run(iso(start), iso(start + 30 * MINUTE), iso(when), bookingId);
      db.prepare(`UPDATE booking_hosts SET start_at = ?, end_at = ? WHERE booking_id = ?`).run(iso(start), iso(start + 30 * MINUTE), bookingId);
      touch(lead, 'booked', hostId, when);
    },

    cancel(lead: SeededLead, bookingId: number, hostId: string, when: number): void {
      db.prepare(`UPDATE bookings SET status = 'cancelled', sequence = sequence + 1, cancelled_at = ?, updated_at = ? WHERE id = ?`).run(iso(when), iso(when), bookingId);
      db.prepare(`UPDATE booking_hosts SET status = 'cancelled' WHERE booking_id = ?`).run(bookingId);
      touch(lead, 'cancelled', hostId, when);
    },

    status(lead: SeededLead, status: string, hostId: string | null, when: number): void {
      touch(lead, status, hostId, when);
    },

    async outcome(bookingId: number, outcome: MeetingOutcome, reason: string | null, when: number): Promise<void> {
      const { outcomes } = store;
      await outcomes.record({ booking: (await outcomes.booking(String(bookingId)))!, outcome, reason, recordedBy: 'alice', source: 'cli' }, when);
    },
  };
}

export interface ReportFixture {
  store: SqliteStore;
  config: Config;
  leads: Record<'L0' | 'L1' | 'L2' | 'L3' | 'L4' | 'L5' | 'L6' | 'L7' | 'L8' | 'L9', SeededLead>;
  bookings: Record<'L0' | 'L1' | 'L2' | 'L3' | 'L7' | 'L9', number>;
}

/** The database described at the top of this file, in a temp folder. */
export async function seedReports(config: Config = reportConfig()): Promise<ReportFixture> {
  const store = openSqliteStore(join(mkdtempSync(join(tmpdir(), 'reports-')), 'reports.db'));
  const seed = seeder(store);
  const t = (time: string) => at(time);
  const s = 1000;

  const L0 = seed.lead(WEBINAR, 'old@h.example', t('2026-02-20T10:00:00'));
  seed.offer(L0, WEBINAR, 'alice', t('2026-02-20T10:00:20'));
  const B0 = seed.book(L0, WEBINAR, 'alice', t('2026-02-20T12:00:00'), t('2026-02-25T10:00:00'));
  seed.reschedule(L0, B0, 'alice', t('2026-02-24T08:00:00'), t('2026-03-26T09:00:00'));

  const L1 = seed.lead(WEBINAR, 'jane@a.example', t('2026-03-02T09:00:00'), HOSTILE_SUBJECT, JANE_TEXT);
  seed.offer(L1, WEBINAR, 'alice', t('2026-03-02T09:00:00') + 30 * s);
  seed.colleague(L1, WEBINAR, 'sam@a.example', t('2026-03-02T10:00:00'));
  const B1 = seed.book(L1, WEBINAR, 'alice', t('2026-03-02T12:00:00'), t('2026-03-04T15:00:00'));
  await seed.outcome(B1, 'held', null, t('2026-03-04T16:00:00'));

  const L2 = seed.lead(WEBINAR, 'raj@b.example', t('2026-03-03T10:00:00'));
  seed.offer(L2, WEBINAR, 'bob', t('2026-03-03T10:00:00') + 10 * s);
  const B2 = seed.book(L2, WEBINAR, 'bob', t('2026-03-03T11:00:00'), t('2026-03-05T10:00:00'));
  seed.reschedule(L2, B2, 'bob', t('2026-03-04T09:00:00'), t('2026-03-06T14:00:00'));
  await seed.outcome(B2, 'no_show', null, t('2026-03-06T15:00:00'));

  const L3 = seed.lead(WEBINAR, 'li@c.example', t('2026-03-04T08:00:00'));
  seed.offer(L3, WEBINAR, 'alice', t('2026-03-04T08:00:00') + 60 * s);
  const B3 = seed.book(L3, WEBINAR, 'alice', t('2026-03-04T09:00:00'), t('2026-03-09T09:00:00'));
  seed.cancel(L3, B3, 'alice', t('2026-03-05T08:00:00'));
  seed.autoReply(WEBINAR, 'x@g.example', t('2026-03-05T12:00:00'));

  const L4 = seed.lead(WEBINAR, 'ana@d.example', t('2026-03-10T14:00:00'));
  seed.offer(L4, WEBINAR, 'alice', t('2026-03-10T14:00:00') + 20 * s);
  seed.status(L4, 'declined', 'alice', t('2026-03-11T08:00:00'));

  const L5 = seed.lead(WEBINAR, 'tom@e.example', t('2026-03-11T09:00:00'));
  seed.status(L5, 'handed_off', null, t('2026-03-11T09:00:01'));

  const L6 = seed.lead(WEBINAR, 'eve@f.example', t('2026-03-12T16:00:00'));
  seed.offer(L6, WEBINAR, 'bob', t('2026-03-12T16:00:00') + 40 * s);
  seed.status(L6, 'stalled', 'bob', t('2026-03-16T16:00:00'));

  const L7 = seed.lead(PRICING, 'kim@j.example', t('2026-03-02T13:00:00'));
  seed.offer(L7, PRICING, 'bob', t('2026-03-02T13:00:00') + 5 * s);
  const B7 = seed.book(L7, PRICING, 'bob', t('2026-03-02T14:00:00'), t('2026-03-03T10:00:00'));
  await seed.outcome(B7, 'disqualified', 'no_budget', t('2026-03-03T11:00:00'));

  const L8 = seed.lead(PRICING, 'zoe@k.example', t('2026-03-09T09:00:00'));
  seed.offer(L8, PRICING, 'bob', t('2026-03-09T09:00:00') + 15 * s);
  seed.status(L8, 'unsubscribed', 'bob', t('2026-03-09T12:00:00'));

  const L9 = seed.lead(WEBINAR, 'late@i.example', t('2026-03-23T00:00:00'));
  seed.offer(L9, WEBINAR, 'bob', t('2026-03-23T00:00:10'));
  const B9 = seed.book(L9, WEBINAR, 'bob', t('2026-03-23T00:30:00'), t('2026-03-25T10:00:00'));

  return { store, config, leads: { L0, L1, L2, L3, L4, L5, L6, L7, L8, L9 }, bookings: { L0: B0, L1: B1, L2: B2, L3: B3, L7: B7, L9: B9 } };
}
