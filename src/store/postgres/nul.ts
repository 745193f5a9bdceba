/**
 * PostgreSQL text (and jsonb) cannot hold NUL, which mail can carry (in a body, in an
 * encoded-word subject) and SQLite keeps: it is dropped rather than failing the message on
 * every attempt.
 */
export function withoutNul<T extends string | null>(text: T): T {
  return (text === null ? null : text.replaceAll('\u0000', '')) as T;
}

/** JSON text for a jsonb column, NULs dropped from its strings. */
export function jsonWithoutNul(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) => (typeof item === 'string' ? withoutNul(item) : item));
}
