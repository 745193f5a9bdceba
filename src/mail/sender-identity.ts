/**
 * Who a message is from, read from the raw header so an RFC 2047 encoded-word can never turn
 * into an address.
 *
 * Decoding encoded-words before parsing addresses lets `From: =?utf-8?b?IkNFTyIgPGNlb0BhY21lLmNvbT4=?=`
 * (`"CEO" <ceo@acme.com>` in base64) pass for ceo@acme.com. Here the address comes only from the
 * undecoded header, and the display name is decoded afterwards, as text that is never re-parsed.
 */
import addressparser, { type Address, type MailboxAddress } from 'nodemailer/lib/addressparser';
import { decodeWindows1252 } from './windows-1252.js';

export interface Mailbox {
  address: string;
  name: string | null;
}

/** mailparser's `headerLines`: the raw, undecoded header lines with lower-case keys. */
export type HeaderLines = ReadonlyArray<{ key: string; line: string }>;

export interface SenderIdentity {
  /** Lower-case addr-spec, or null when the header has no usable address. */
  address: string | null;
  name: string | null;
  /** The display name contains an email address other than the real one ("ceo@acme.com" <x@evil>). */
  displayNameLooksLikeAddress: boolean;
  /** Why `address` is null: no From header, several senders, or nothing that is an address. */
  problem: 'missing' | 'ambiguous' | 'invalid' | null;
}

const ENCODED_WORD = /=\?([^?\s]+)\?([BbQq])\?([^?\s]*)\?=/g;
/** Control, bidi-override and zero-width characters: they can make a name read as something else. */
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/g;
/** One word of a display name that reads as an address; names are split into words first, so this stays linear. */
const EMAIL_LIKE = /^[^@]+@[^@]+\.[^@]+$/;
/** Deliberately strict: a quoted local part or an address literal is rarer than an attack. */
const ADDR_SPEC = /^[^\s@<>()[\]\\,;:"]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*$/u;

export function senderAddress(parsed: { headerLines: HeaderLines }): SenderIdentity {
  const fromHeaders = parsed.headerLines.filter((header) => header.key === 'from');
  if (fromHeaders.length === 0) return noSender('missing');
  // Two From headers, or two mailboxes in one, name two senders; clients disagree on which they show.
  if (fromHeaders.length > 1) return noSender('ambiguous');
  const mailboxes = flatten(addressparser(headerValue(fromHeaders[0]!.line)));
  if (mailboxes.length === 0) return noSender('missing');
  if (mailboxes.length > 1) return noSender('ambiguous');
  const [entry] = mailboxes;
  const address = validAddress(entry!.address);
  const name = decodeName(entry!.name);
  const claimed = (name ?? '').split(/[\s<>"'(),;:[\]]+/).filter((word) => EMAIL_LIKE.test(word));
  return {
    address,
    name,
    displayNameLooksLikeAddress: claimed.some((word) => word.toLowerCase() !== address),
    problem: address === null ? 'invalid' : null,
  };
}

/** Every valid mailbox of one address header (To, Cc, ...), groups flattened, repeats merged. */
export function headerMailboxes(headerLines: HeaderLines, key: string): Mailbox[] {
  const seen = new Set<string>();
  const result: Mailbox[] = [];
  for (const header of headerLines.filter((candidate) => candidate.key === key)) {
    for (const entry of flatten(addressparser(headerValue(header.line)))) {
      const address = validAddress(entry.address);
      if (address === null || seen.has(address)) continue;
      seen.add(address);
      result.push({ address, name: decodeName(entry.name) });
    }
  }
  return result;
}

/** The first valid mailbox in an address written as text, e.g. a "From:" line of a forwarded original. */
export function parseMailbox(value: string): Mailbox | null {
  for (const entry of flatten(addressparser(value))) {
    const address = validAddress(entry.address);
    if (address !== null) return { address, name: decodeName(entry.name) };
  }
  return null;
}

/** Decodes RFC 2047 encoded-words in unstructured text (a display name, a subject). */
export function decodeWords(text: string): string {
  // Whitespace between two adjacent encoded-words is not part of the text (RFC 2047 §6.2).
  const joined = text.replace(/(\?=)\s+(?==\?)/g, '$1');
  let result = '';
  let last = 0;
  let pending: { charset: string; bytes: Buffer[] } | null = null;
  const flush = () => {
    if (pending) result += decodeBytes(Buffer.concat(pending.bytes), pending.charset);
    pending = null;
  };
  for (const match of joined.matchAll(ENCODED_WORD)) {
    const index = match.index ?? 0;
    if (index > last) {
      flush();
      result += joined.slice(last, index);
    }
    const charset = (match[1] ?? '').split('*')[0]!.toLowerCase();
    const bytes = /b/i.test(match[2] ?? '') ? Buffer.from(match[3] ?? '', 'base64') : qBytes(match[3] ?? '');
    // A multi-byte character may be split across adjacent words: decode their bytes together.
    if (pending && pending.charset === charset) pending.bytes.push(bytes);
    else {
      flush();
      pending = { charset, bytes: [bytes] };
    }
    last = index + match[0].length;
  }
  flush();
  return result + joined.slice(last);
}

function qBytes(text: string): Buffer {
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i += 1) {
    const char = text[i]!;
    const hex = text.slice(i + 1, i + 3);
    if (char === '=' && /^[0-9a-f]{2}$/i.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else if (char === '_') bytes.push(0x20);
    else bytes.push(char.charCodeAt(0) & 0xff);
  }
  return Buffer.from(bytes);
}

/** Unknown or broken charsets fall back to UTF-8 with replacement characters, never a throw. */
function decodeBytes(bytes: Buffer, charset: string): string {
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(charset);
  } catch {
    decoder = new TextDecoder('utf-8');
  }
  return decoder.encoding === 'windows-1252' ? decodeWindows1252(bytes) : decoder.decode(bytes);
}

function noSender(problem: SenderIdentity['problem']): SenderIdentity {
  return { address: null, name: null, displayNameLooksLikeAddress: false, problem };
}

const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true });

/**
 * "From: value" with its folding undone. mailparser keeps raw header lines as one char per
 * byte; 8-bit headers (RFC 6532) are UTF-8 when they decode as such, else left as Latin-1.
 */
function headerValue(line: string): string {
  let text = line;
  if (/[\x80-\xff]/.test(line) && !/[^\x00-\xff]/.test(line)) {
    try {
      text = STRICT_UTF8.decode(Buffer.from(line, 'latin1'));
    } catch {
      // Not UTF-8: keep the Latin-1 reading.
    }
  }
  const colon = text.indexOf(':');
  return text.slice(colon + 1).replace(/\r?\n(?=[ \t])/g, '').trim();
}

function flatten(entries: Address[]): MailboxAddress[] {
  return entries.flatMap((entry) => (entry.group ? flatten(entry.group) : [entry]));
}

function validAddress(raw: string): string | null {
  const address = raw.trim().toLowerCase();
  // RFC 2047 §5: an encoded-word never stands in an addr-spec.
  if (address.includes('=?')) return null;
  return ADDR_SPEC.test(address) ? address : null;
}

function decodeName(raw: string): string | null {
  const name = decodeWords(raw).replace(INVISIBLE, '').replace(/\s+/g, ' ').trim();
  return name === '' ? null : name;
}
