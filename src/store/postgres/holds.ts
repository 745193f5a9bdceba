import type { Session } from './session.js';
import { holdsOn, type Hold } from '../../core/holds.js';
import type { HoldEvent, Holds } from '../holds.js';
import { iso } from '../rows/iso.js';
import { HOLD_COLUMNS as COLUMNS, HOLD_EVENT_COLUMNS, holdEvent, holdFromRow, hostSet, type HoldEventRow, type HoldRow } from '../rows/holds.js';

type NewHold = Parameters<Holds['replace']>[1];

/** Offered times held for their lead; one row per time. */
export function createPostgresHolds(session: Session): Holds {
  async function write(conversationId: number, hold: NewHold, tentative: boolean): Promise<void> {
    // One statement for the offer's times, numbered (and given ids) in the offer's order.
    await session.query(
      `INSERT INTO slot_holds (conversation_id, host_ids, position, start_at, end_at, held_at, expires_at, tentative)
       SELECT $1, $2, slot.position, slot.start_at, slot.end_at, $5, $6, $7
       FROM unnest($3::timestamptz[], $4::timestamptz[]) WITH ORDINALITY AS slot(start_at, end_at, position) ORDER BY slot.position`,
      [
        conversationId,
        hostSet(hold.hostIds),
        hold.slots.map((slot) => iso(slot.start)),
        hold.slots.map((slot) => iso(slot.end)),
        iso(hold.heldAt),
        iso(hold.expiresAt),
        tentative,
      ],
    );
  }

  async function remove(conversationId: number): Promise<void> {
    await session.query(`DELETE FROM slot_holds WHERE conversation_id = $1`, [conversationId]);
  }

  return {
    replace(conversationId: number, hold: NewHold): Promise<void> {
      return session.transaction(async () => {
        await remove(conversationId);
        await write(conversationId, hold, false);
      });
    },

    reserve: (conversationId: number, hold: NewHold) => write(conversationId, hold, true),

    async dropReserved(conversationId: number): Promise<void> {
      await session.query(`DELETE FROM slot_holds WHERE conversation_id = $1 AND tentative`, [conversationId]);
    },

    release: remove,

    async takeTurn(hostIds: readonly string[]): Promise<void> {
      // Hosts in name order: two turns on alice and bob never wait on each other in a circle.
      await session.query(
        `SELECT pg_advisory_xact_lock(hashtext('campaign-agent holds'), hashtext(host)) FROM unnest($1::text[]) AS host`,
        [[...new Set(hostIds)].sort()],
      );
    },

    async active({ hostIds, now, exceptConversation }): Promise<Hold[]> {
      // Few rows are live at once (three per open offer), so the expiry index is the way in.
      const { rows } = await session.query<HoldRow>(
        `SELECT ${COLUMNS} FROM slot_holds WHERE expires_at > $1 AND conversation_id IS DISTINCT FROM $2 ORDER BY id`,
        [iso(now), exceptConversation],
      );
      return holdsOn(rows.map(holdFromRow), hostIds);
    },

    async count(now: number): Promise<number> {
      const { rows } = await session.query<{ count: number }>(
        `SELECT count(*) AS count FROM slot_holds WHERE expires_at > $1 AND NOT tentative`,
        [iso(now)],
      );
      return rows[0]!.count;
    },

    async sweep(now: number): Promise<number> {
      const { rowCount } = await session.query(`DELETE FROM slot_holds WHERE expires_at <= $1`, [iso(now)]);
      return rowCount ?? 0;
    },

    async committed(hostId: string, now: number): Promise<Hold[]> {
      const { rows } = await session.query<HoldRow>(
        `SELECT ${COLUMNS} FROM slot_holds WHERE expires_at > $1 AND NOT tentative ORDER BY id`,
        [iso(now)],
      );
      return holdsOn(rows.map(holdFromRow), [hostId]);
    },

    async eventsOn(hostId: string): Promise<HoldEvent[]> {
      const { rows } = await session.query<HoldEventRow>(
        `SELECT ${HOLD_EVENT_COLUMNS} FROM hold_events WHERE host_id = $1 ORDER BY start_at, uid`,
        [hostId],
      );
      return rows.map(holdEvent);
    },

    async eventWritten(event: HoldEvent, now: number): Promise<void> {
      await session.query(
        `INSERT INTO hold_events (uid, host_id, conversation_id, start_at, end_at, written_at) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (uid) DO UPDATE SET host_id = excluded.host_id, conversation_id = excluded.conversation_id,
           start_at = excluded.start_at, end_at = excluded.end_at, written_at = excluded.written_at`,
        [event.uid, event.hostId, event.conversationId, iso(event.start), iso(event.end), iso(now)],
      );
    },

    async eventRemoved(uid: string): Promise<void> {
      await session.query(`DELETE FROM hold_events WHERE uid = $1`, [uid]);
    },
  };
}
