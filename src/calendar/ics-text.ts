/**
 * RFC 5545 content written by hand rather than with ical-generator: names come from prospects'
 * mail headers, and the generator backslash-escapes quotes inside quoted parameters (not valid
 * iCalendar), which lets a crafted display name break out of CN=.
 */

/** RFC 5545 TEXT: backslash, semicolon, comma and line breaks escaped; other controls dropped. */
export function escapeText(value: string): string {
  return stripControls(value.replace(/\r\n|\r/g, '\n'), '\n')
    .replace(/[\\;,]/g, (c) => `\\${c}`)
    .replace(/\n/g, '\\n');
}

/**
 * A parameter value is always quoted (names hold commas, colons, semicolons). A quoted value can
 * contain no DQUOTE and has no escape for one, so quotes become apostrophes.
 */
export function paramValue(value: string): string {
  return `"${stripControls(value, '').replace(/"/g, "'")}"`;
}

export function mailto(email: string): string {
  // A line break here would let the address inject properties into the calendar object.
  if (/[\s\p{Cc}]/u.test(email)) {
    throw new RangeError(`Invalid email address for invite: ${JSON.stringify(email)}`);
  }
  return `mailto:${email}`;
}

/** Drops control characters (other than tab and `allowed`), which iCalendar values may not hold. */
function stripControls(value: string, allowed: string): string {
  return [...value].filter((c) => c === '\t' || allowed.includes(c) || !/\p{Cc}/u.test(c)).join('');
}

export function utcDateTime(epochMs: number): string {
  return new Date(epochMs).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

/** Content lines folded and CRLF-terminated: the text of an iCalendar object. */
export function icsText(lines: string[]): string {
  return lines.map((line) => `${foldLine(line)}\r\n`).join('');
}

/**
 * Folds a content line into lines of at most 75 octets (RFC 5545 3.1), continuation lines
 * starting with a space. Splits between code points so no UTF-8 sequence is cut in two.
 */
function foldLine(line: string): string {
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  for (const char of line) {
    const size = Buffer.byteLength(char, 'utf8');
    if (octets + size > 75) {
      parts.push(current);
      current = ' ';
      octets = 1;
    }
    current += char;
    octets += size;
  }
  parts.push(current);
  return parts.join('\r\n');
}
