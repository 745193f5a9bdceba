import type { Db } from './database.js';
import { holdsOn, type Hold } from '../../core/holds.js';
import type { HoldEvent, Holds } from '../holds.js';
import type { Synchronous } from './transactions.js';
import { iso } from '../rows/iso.js';
import { HOLD_COLUMNS, HOLD_EVENT_COLUMNS, holdEvent, holdFromRow, hostSet, type HoldEventRow, type HoldRow } from '../rows/holds.js';

/** Offered times held for their lead; one row per time. */
export function createHolds(db: Db): Synchronous<Holds> {
  const insert = db.prepare(`INSERT INTO slot_holds (conversation_id, host_ids, position, start_at, end_at, held_at, expires_at, tentative)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?)`);
  const remove = db.prepare(`DELETE FROM slot_holds WHERE conversation_id = ?`);
  const removeReserved = db.prepare(`DELETE FROM slot_holds WHERE conversation_id = ? AND tentative = 1`);
  // Few rows are live at once (three per open offer), so the expiry index is the way in.
  const live = db.prepare(`SELECT ${HOLD_COLUMNS} FROM slot_holds
    WHERE expires_at > ? AND conversation_id IS NOT ? ORDER BY id`);
  const count = db.prepare(`SELECT count(*) FROM slot_holds WHERE expires_at > ? AND tentative = 0`).pluck();
  const sweep = db.prepare(`DELETE FROM slot_holds WHERE expires_at <= ?`);
  const committed = db.prepare(`SELECT ${HOLD_COLUMNS} FROM slot_holds
    WHERE expires_at > ? AND tentative = 0 ORDER BY id`);
  const events = db.prepare(`SELECT ${HOLD_EVENT_COLUMNS} FROM hold_events WHERE host_id = ? ORDER BY start_at`);
  const written = db.prepare(`INSERT OR REPLACE INTO hold_events (uid, host_id, conversation_id, start_at, end_at, written_at) VALUES (?, ?, ?, ?, ?, ?)`);
  const removed = db.prepare(`DELETE FROM hold_events WHERE uid = ?`);
  const write = (conversationId: number, hold: Parameters<Holds['replace']>[1], tentative: 0 | 1) => {
    const hosts = hostSet(hold.hostIds);
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
      return holdsOn((live.all(iso(now), exceptConversation) as HoldRow[]).map(holdFromRow), hostIds);
    },
    count: (now: number) => count.get(iso(now)) as number,
    sweep: (now: number) => sweep.run(iso(now)).changes,
    committed(hostId: string, now: number): Hold[] {
      return holdsOn((committed.all(iso(now)) as HoldRow[]).map(holdFromRow), [hostId]);
    },
    eventsOn(hostId: string): HoldEvent[] {
      return (events.all(hostId) as HoldEventRow[]).map(holdEvent);
    },
    eventWritten(event: HoldEvent, now: number): void {
      written.run(event.uid, event.hostId, event.conversationId, iso(event.start), iso(event.end), iso(now));
    },
    eventRemoved(uid: string): void {
      removed.run(uid);
    },
  };
}
