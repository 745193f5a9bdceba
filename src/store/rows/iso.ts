/**
 * An instant as both engines keep it: ISO 8601 in UTC, to the millisecond. SQLite compares
 * these as text, which sorts them in time order; PostgreSQL casts them to timestamptz.
 */
export function iso(epochMs: number): string {
  return new Date(epochMs).toISOString();
}
