import { parseFieldValue } from './header-params.js';

/**
 * What the pipeline's parser (mailparser, over @zone-eu/mailsplit) is asked to read, bounded
 * while DATA streams in, so a message it could not read is refused before its 250 instead of
 * failing after it. mailsplit itself gives up past 1,000 parts and 1 MB of headers per part;
 * these are at or below that, and bound the depth it does not.
 */
export const MIME_LIMITS = {
  /** Bytes of one header block: the message's, before its first empty line, or a part's. */
  maxHeaderBytes: 256 * 1024,
  /** Levels of parts below the message: its parts are level 1, a part inside one of them 2. */
  maxDepth: 50,
  /** MIME parts, the message itself included (mailsplit's count). */
  maxParts: 1000,
};

export type MimeLimits = typeof MIME_LIMITS;
export type MimeViolation = 'header_too_large' | 'mime_too_deep' | 'too_many_parts';

interface Part {
  parent: Part | null;
  /** The multipart whose delimiter lines end this part (mailsplit's _parentBoundaryOwner). */
  owner: Part | null;
  boundary: Buffer | null;
  depth: number;
}

const LF = 0x0a;
const CR = 0x0d;
const DASH = 0x2d;
// A delimiter line is "--", the boundary, an optional "--", the line end, and maybe a CR before.
const DELIMITER_OVERHEAD = 8;
const STRUCTURE_FIELDS = new Set(['content-type', 'content-transfer-encoding', 'content-disposition']);
const EMBEDDABLE_ENCODINGS = new Set(['', '7bit', '8bit', 'binary']);

/**
 * Follows the MIME structure line by line as mailsplit will, without keeping the message:
 * only the current line is carried between chunks, and in a body only while it is short enough
 * to be a delimiter line. A body with no boundary in scope is skipped without looking at it.
 */
export function createMimeScan(limits: MimeLimits = MIME_LIMITS) {
  let part: Part;
  let parts = 0;
  let inHeader = true;
  let headerBytes = 0;
  let fields = new Map<string, string>();
  let field: string | null = null;
  // Once a multipart's closing delimiter has been seen, its own delimiters are epilogue text.
  let inEpilogue = false;
  let line: Buffer[] = [];
  let lineLength = 0;
  let lineTooLong = false;
  let violation: MimeViolation | null = open(null);

  function open(parent: Part | null, owner = parent): MimeViolation | null {
    part = { parent, owner, boundary: null, depth: parent ? parent.depth + 1 : 0 };
    parts++;
    inHeader = true;
    headerBytes = 0;
    fields = new Map();
    field = null;
    inEpilogue = false;
    if (parts > limits.maxParts) return 'too_many_parts';
    return part.depth > limits.maxDepth ? 'mime_too_deep' : null;
  }

  function ownBoundary(): Buffer | null {
    return inEpilogue ? null : part.boundary;
  }

  function keep(piece: Buffer): void {
    if (inHeader) {
      headerBytes += piece.length;
      if (headerBytes > limits.maxHeaderBytes) violation = 'header_too_large';
    } else if (lineTooLong || lineLength + piece.length > longestDelimiter()) {
      lineTooLong = true;
      return;
    }
    line.push(piece);
    lineLength += piece.length;
  }

  function longestDelimiter(): number {
    return Math.max(ownBoundary()?.length ?? 0, part.owner?.boundary?.length ?? 0) + DELIMITER_OVERHEAD;
  }

  function endLine(): void {
    const text = lineTooLong ? null : line.length === 1 ? line[0]! : Buffer.concat(line, lineLength);
    line = [];
    lineLength = 0;
    lineTooLong = false;
    if (!text) return;
    const delimiter = delimiterOf(text);
    if (delimiter === 'next') violation = open(part);
    else if (delimiter === 'sibling') violation = open(part.owner);
    else if (delimiter === 'parent-end') {
      part = part.owner!;
      inEpilogue = true;
      inHeader = false;
    } else if (delimiter === null && inHeader) headerLine(text);
  }

  /** mailsplit's checkBoundary: the part's own boundary, then the one of the multipart it is in. */
  function delimiterOf(text: Buffer): 'next' | 'end' | 'sibling' | 'parent-end' | null {
    let at = text[0] === CR || text[0] === LF ? 1 : 0;
    if (text[0] === CR && text[1] === LF) at = 2;
    if (text.length < 4 || text[at] !== DASH || text[at + 1] !== DASH) return null;
    const own = ownBoundary();
    const mine = own && delimiterKind(text, at, own);
    if (mine) return mine === 'next' ? 'next' : 'end';
    const parent = part.owner?.boundary;
    const theirs = parent && delimiterKind(text, at, parent);
    if (theirs) return theirs === 'next' ? 'sibling' : 'parent-end';
    return null;
  }

  function headerLine(text: Buffer): void {
    if (text.length === 1 || (text.length === 2 && text[0] === CR)) return endHeader();
    if (text[0] === 0x20 || text[0] === 0x09) {
      if (field) fields.set(field, fields.get(field) + text.toString('latin1'));
      return;
    }
    const colon = text.indexOf(0x3a);
    const name = colon === -1 ? '' : text.toString('latin1', 0, colon).trim().toLowerCase();
    // The first of each counts, as mailsplit reads them.
    field = STRUCTURE_FIELDS.has(name) && !fields.has(name) ? name : null;
    if (field) fields.set(field, text.toString('latin1', colon + 1));
  }

  function endHeader(): void {
    const type = parseFieldValue(fields.get('content-type') ?? '');
    const boundary = type.params.get('boundary');
    // Whatever the type says: mailsplit splits on any declared boundary.
    part.boundary = boundary ? Buffer.from(boundary, 'latin1') : null;
    const encoding = withoutComments(fields.get('content-transfer-encoding') ?? '').trim().toLowerCase();
    const disposition = parseFieldValue(fields.get('content-disposition') ?? '').value;
    // mailsplit reads an inline message/rfc822 as a message of its own: another header block.
    if (type.value === 'message/rfc822' && EMBEDDABLE_ENCODINGS.has(encoding) && disposition === 'inline') {
      const container = part.parent;
      violation = open(part, container ?? part);
      return;
    }
    inHeader = false;
  }

  return {
    /** Follows the next chunk; the first limit the message breaks, or null. */
    push(chunk: Buffer): MimeViolation | null {
      let start = 0;
      while (!violation && start < chunk.length) {
        if (!inHeader && !ownBoundary() && !part.owner?.boundary) break;
        const end = chunk.indexOf(LF, start);
        keep(chunk.subarray(start, end === -1 ? chunk.length : end + 1));
        if (end === -1 || violation) break;
        endLine();
        start = end + 1;
      }
      return violation;
    },
  };
}

/** mailsplit's compareBoundary: "--boundary" then the line end (next part) or "--" (the end). */
function delimiterKind(text: Buffer, at: number, boundary: Buffer): 'next' | 'end' | null {
  const after = at + 2 + boundary.length;
  if (text.length < after + 1 || text.length > after + 4) return null;
  if (!text.subarray(at + 2, after).equals(boundary)) return null;
  const rest = text.subarray(after);
  if (rest[0] === CR || rest[0] === LF) return 'next';
  const closes = rest[0] === DASH && rest[1] === DASH
    && (rest.length < 3 || rest[2] === CR || rest[2] === LF) && (rest.length < 4 || rest[3] === LF);
  return closes ? 'end' : null;
}

function withoutComments(value: string): string {
  return value.replace(/\([^)]*\)/g, '');
}
