/** A structured header field's value and parameters, e.g. `multipart/mixed; boundary="b1"`. */
export interface FieldValue {
  /** Lower-cased, e.g. "multipart/mixed". */
  value: string;
  /** By lower-cased name; RFC 2231 continuations (boundary*0, boundary*1 ...) joined. */
  params: Map<string, string>;
}

const CONTINUATION = /\*(?:(\d+)\*?)?$/;

/**
 * Reads a field value the way libmime's parseHeaderValue does (what mailsplit splits by): `;`
 * outside quotes separates the parameters, quotes and backslashes are removed, and whitespace
 * outside quotes is not part of a value. The raw field may still be folded.
 */
export function parseFieldValue(raw: string): FieldValue {
  const pieces: Array<{ key: string | null; value: string }> = [];
  let key: string | null = null;
  let text = '';
  let end = 0;
  let inKey = false;
  let quoted = false;
  const commit = () => {
    pieces.push({ key: inKey ? text.slice(0, end).toLowerCase() : key, value: inKey ? '' : text.slice(0, end) });
    text = '';
    end = 0;
  };
  const unfolded = raw.replace(/[\r\n]/g, '');
  for (let i = 0; i < unfolded.length; i++) {
    let char = unfolded[i]!;
    if (inKey && char === '=') {
      key = text.slice(0, end).toLowerCase();
      [text, end, inKey] = ['', 0, false];
      continue;
    }
    if (!inKey && char === '\\') char = unfolded[++i] ?? '';
    else if (!inKey && char === '"') {
      quoted = !quoted;
      continue;
    } else if (!quoted && char === ';') {
      commit();
      inKey = true;
      continue;
    } else if (!quoted && /\s/.test(char)) {
      if (text) text += char;
      continue;
    }
    text += char;
    end = text.length;
  }
  commit();
  const [first, ...rest] = pieces;
  return { value: (first?.value ?? '').trim().toLowerCase(), params: joined(rest) };
}

function joined(pieces: Array<{ key: string | null; value: string }>): Map<string, string> {
  const params = new Map<string, string>();
  const continued = new Map<string, Array<{ nr: number; value: string; encoded: boolean }>>();
  for (const { key, value } of pieces) {
    if (!key) continue;
    const match = CONTINUATION.exec(key);
    if (!match) {
      params.set(key, value);
      continue;
    }
    const name = key.slice(0, match.index);
    const nr = Number(match[1] ?? 0);
    const charset = nr === 0 && key.endsWith('*') ? /^[^']*'[^']*'(.*)$/.exec(value) : null;
    continued.set(name, [...(continued.get(name) ?? []), { nr, value: charset ? charset[1]! : value, encoded: charset !== null }]);
  }
  for (const [name, segments] of continued) {
    const value = segments.sort((a, b) => a.nr - b.nr).map((segment) => segment.value).join('');
    params.set(name, segments.some((segment) => segment.encoded) ? percentDecoded(value) : value);
  }
  return params;
}

/** Each %XX as the one latin1 character for that byte, as the rest of the field is read. */
function percentDecoded(value: string): string {
  return value.replace(/%([0-9a-f]{2})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}
