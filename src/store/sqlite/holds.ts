import type { Db } from './database.js';
import { iso } from './database.js';
import type { Hold } from '../../core/holds.js';
import type { HoldEvent, Holds } from '../holds.js';
import type { Synchronous } from './transactions.js';

interface HoldRow {
  conversation_id: number;
  host_ids: string;
  position: number;
  start_at: string;
  end_at: string;
  held_at: string;
  expires_at: string;
}

/** Offered times held for their lead; one row per time. */
export function createHolds(db: Db): Synchronous<Holds> {
  const insert = db.prepare(`INSERT INTO slot_holds (conversation_id, host_ids, position, start_at, end_at, held_at, expires_at, tentative)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?)`);
  const remove = db.prepare(`DELETE FROM slot_holds WHERE conversation_id = ?`);
  const removeReserved = db.prepare(`DELETE FROM slot_holds WHERE conversation_id = ? AND tentative = 1`);
  // Few rows are live at once (three per open offer), so the expiry index is the way in.
  const live = db.prepare(`SELECT conversation_id, host_ids, position, start_at, end_at, held_at, expires_at FROM slot_holds
    WHERE expires_at > ? AND conversation_id IS NOT ? ORDER BY id`);
  const count = db.prepare(`SELECT count(*) FROM slot_holds WHERE expires_at > ? AND tentative = 0`).pluck();
  const sweep = db.prepare(`DELETE FROM slot_holds WHERE expires_at <= ?`);
  const committed = db.prepare(`SELECT conversation_id, host_ids, position, start_at, end_at, held_at, expires_at FROM slot_holds
    WHERE expires_at > ? AND tentative = 0 ORDER BY id`);
  const events = db.prepare(`SELECT uid, host_id, conversation_id, start_at, end_at FROM hold_events WHERE host_id = ? ORDER BY start_at`);
  const written = db.prepare(`INSERT OR REPLACE INTO hold_events (uid, host_id, conversation_id, start_at, end_at, written_at) VALUES (?, ?, ?, ?, ?, ?)`);
  const removed = db.prepare(`DELETE FROM hold_events WHERE uid = ?`);
  const write = (conversationId: number, hold: Parameters<Holds['replace']>[1], tentative: 0 | 1) => {
    const hosts = hold.hostIds.join('+');
    hold.slots.forEach((slot, index) => {
      insert.run(conversationId, hosts, index + 1, iso(slot.start), iso(slot.end), iso(hold.heldAt), iso(hold.expiresAt), tentative);
    });
  };
  const replace = db.transaction((conversationId: number, hold: Parameters<Holds['replace']>[1]) => {
    remove.run(conversationId);
    write(conversationId, hold, 0);
  });

  return {
    replace,
    reserve(conversationId, hold): void {
      write(conversationId, hold, 1);
    },
    dropReserved(conversationId: number): void {
      removeReserved.run(conversationId);
    },
    release(conversationId: number): void {
      remove.run(conversationId);
    },
    takeTurn(): void {
      // BEGIN IMMEDIATE already gave this transaction SQLite's one write lock.
    },

    active({ hostIds, now, exceptConversation }): Hold[] {
      return (live.all(iso(now), exceptConversation) as HoldRow[])
        .map(fromRow)
        .filter((hold) => hold.hostIds.some((id) => hostIds.includes(id)));
    },
    count: (now: number) => count.get(iso(now)) as number,
    sweep: (now: number) => sweep.run(iso(now)).changes,
    committed(hostId: string, now: number): Hold[] {
      return (committed.all(iso(now)) as HoldRow[]).map(fromRow).filter((hold) => hold.hostIds.includes(hostId));
    },
    eventsOn(hostId: string): HoldEvent[] {
      return (events.all(hostId) as Array<{ uid: string; host_id: string; conversation_id: number; start_at: string; end_at: string }>).map((row) => ({
        uid: row.uid,
        hostId: row.host_id,
        conversationId: row.conversation_id,
        start: Date.parse(row.start_at),
        end: Date.parse(row.end_at),
      }));
    },
    eventWritten(event: HoldEvent, now: number): void {
      written.run(event.uid, event.hostId, event.conversationId, iso(event.start), iso(event.end), iso(now));
    },
    eventRemoved(uid: string): void {
      removed.run(uid);
    },
  };
}

function fromRow(row: HoldRow): Hold {
  return {
    conversationId: row.conversation_id,
    hostIds: row.host_ids.split('+'),
    position: row.position,
    start: Date.parse(row.start_at),
    end: Date.parse(row.end_at),
    heldAt: Date.parse(row.held_at),
    expiresAt: Date.parse(row.expires_at),
  };
}
