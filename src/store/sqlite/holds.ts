import type { Db } from './database.js';
import { iso } from './database.js';
import type { Hold } from '../../core/holds.js';
import type { Holds } from '../holds.js';

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
export function createHolds(db: Db): Holds {
  const insert = db.prepare(`INSERT INTO slot_holds (conversation_id, host_ids, position, start_at, end_at, held_at, expires_at, tentative)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?)`);
  const remove = db.prepare(`DELETE FROM slot_holds WHERE conversation_id = ?`);
  const removeReserved = db.prepare(`DELETE FROM slot_holds WHERE conversation_id = ? AND tentative = 1`);
  // Few rows are live at once (three per open offer), so the expiry index is the way in.
  const live = db.prepare(`SELECT conversation_id, host_ids, position, start_at, end_at, held_at, expires_at FROM slot_holds
    WHERE expires_at > ? AND conversation_id IS NOT ? ORDER BY id`);
  const count = db.prepare(`SELECT count(*) FROM slot_holds WHERE expires_at > ? AND tentative = 0`).pluck();
  const sweep = db.prepare(`DELETE FROM slot_holds WHERE expires_at <= ?`);
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
    active({ hostIds, now, exceptConversation }): Hold[] {
      return (live.all(iso(now), exceptConversation) as HoldRow[])
        .map(fromRow)
        .filter((hold) => hold.hostIds.some((id) => hostIds.includes(id)));
    },
    count: (now: number) => count.get(iso(now)) as number,
    sweep: (now: number) => sweep.run(iso(now)).changes,
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
