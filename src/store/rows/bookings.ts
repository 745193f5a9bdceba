import type { BookingRecord } from '../../core/host-limits.js';

/** A host's part in a booking, as the routing limits count it. */
export interface RoutingRow {
  host_id: string;
  campaign: string;
  start_at: string;
  end_at: string;
  created_at: string;
  status: 'confirmed' | 'cancelled';
}

export const ROUTING_COLUMNS = 'h.host_id, b.campaign, h.start_at, h.end_at, b.created_at, h.status';

export function bookingRecord(row: RoutingRow): BookingRecord {
  return {
    hostId: row.host_id,
    campaign: row.campaign,
    start: Date.parse(row.start_at),
    end: Date.parse(row.end_at),
    bookedAt: Date.parse(row.created_at),
    status: row.status,
  };
}

/** The same hosts in the same order: the organiser is the first. */
export function sameHosts(current: readonly string[], hostIds: readonly string[]): boolean {
  return current.length === hostIds.length && current.every((id, index) => id === hostIds[index]);
}

/** A meeting's hosts, its organiser first whether or not the list names them. */
export function organiserFirst(organiser: string, hosts: readonly string[]): string[] {
  return [organiser, ...hosts.filter((id) => id !== organiser)];
}
