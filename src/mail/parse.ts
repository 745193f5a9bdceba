import { simpleParser, type AddressObject, type ParsedMail } from 'mailparser';

export interface Mailbox {
  address: string;
  name: string | null;
}

/** The facts of an inbound message the pipeline works with. */
export interface InboundMail {
  messageId: string | null;
  inReplyTo: string | null;
  references: string[];
  from: Mailbox | null;
  to: Mailbox[];
  cc: Mailbox[];
  subject: string;
  /** Offset of the sender's Date header in minutes east of UTC: a hint at their time zone. */
  dateOffsetMinutes: number | null;
  text: string;
  contentType: string;
  headers: ParsedMail['headers'];
}

export class MailParseError extends Error {
  readonly code = 'unparseable';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'MailParseError';
  }
}

export async function parseMail(raw: Buffer): Promise<InboundMail> {
  let parsed: ParsedMail;
  try {
    parsed = await simpleParser(raw, { skipImageLinks: true, skipTextToHtml: true });
  } catch (cause) {
    throw new MailParseError(`cannot parse message: ${(cause as Error).message}`, { cause });
  }
  const contentType = parsed.headers.get('content-type');
  return {
    messageId: parsed.messageId ?? null,
    inReplyTo: parsed.inReplyTo ?? null,
    references: toList(parsed.references),
    from: mailboxes(parsed.from)[0] ?? null,
    to: mailboxes(parsed.to),
    cc: mailboxes(parsed.cc),
    subject: parsed.subject ?? '',
    dateOffsetMinutes: dateOffset(raw),
    text: parsed.text ?? '',
    contentType:
      typeof contentType === 'object' && contentType !== null && 'value' in contentType
        ? String(contentType.value).toLowerCase()
        : 'text/plain',
    headers: parsed.headers,
  };
}

function toList(value: string | string[] | undefined): string[] {
  if (!value) return [];
  return Array.isArray(value) ? value : value.split(/\s+/).filter(Boolean);
}

function mailboxes(value: AddressObject | AddressObject[] | undefined): Mailbox[] {
  const objects = value === undefined ? [] : Array.isArray(value) ? value : [value];
  return objects
    .flatMap((object) => object.value)
    .flatMap((entry) => (entry.group ? entry.group : [entry]))
    .filter((entry) => typeof entry.address === 'string' && entry.address.includes('@'))
    .map((entry) => ({ address: entry.address!.toLowerCase(), name: entry.name?.trim() || null }));
}

/** Reads the numeric zone of the raw Date header ("... 10:00:00 -0500"); mailparser drops it. */
function dateOffset(raw: Buffer): number | null {
  const headerEnd = raw.indexOf('\r\n\r\n');
  const head = raw.subarray(0, headerEnd === -1 ? Math.min(raw.length, 65536) : headerEnd).toString('latin1');
  const match = /^date:[^\r\n]*?([+-])(\d{2})(\d{2})\s*(?:\([^)]*\))?\s*$/im.exec(head);
  if (!match) return null;
  const minutes = Number(match[2]) * 60 + Number(match[3]);
  if (minutes > 14 * 60) return null;
  return match[1] === '-' ? -minutes : minutes;
}
