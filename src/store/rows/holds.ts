import type { Hold } from '../../core/holds.js';
import type { HoldEvent } from '../holds.js';

export interface HoldRow {
  conversation_id: number;
  /** See hostSet. */
  host_ids: string;
  position: number;
  start_at: string;
  end_at: string;
  held_at: string;
  expires_at: string;
}

/** An offer's host set in one column (slot_holds, offered_slots): 'alice', or 'alice+bob' for a collective meeting. */
export const hostSet = (hostIds: readonly string[]) => hostIds.join('+');

export const HOLD_COLUMNS = 'conversation_id, host_ids, position, start_at, end_at, held_at, expires_at';

export interface HoldEventRow {
  uid: string;
  host_id: string;
  conversation_id: number;
  start_at: string;
  end_at: string;
}

export const HOLD_EVENT_COLUMNS = 'uid, host_id, conversation_id, start_at, end_at';

export function holdFromRow(row: HoldRow): Hold {
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

export function holdEvent(row: HoldEventRow): HoldEvent {
  return {
    uid: row.uid,
    hostId: row.host_id,
    conversationId: row.conversation_id,
    start: Date.parse(row.start_at),
    end: Date.parse(row.end_at),
  };
}
