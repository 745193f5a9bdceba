import { simpleParser, type ParsedMail } from 'mailparser';
import { visibleHtmlText } from './html-text.js';
import { headerMailboxes, senderAddress, type SenderIdentity } from './sender-identity.js';

export interface Mailbox {
  address: string;
  name: string | null;
}

/** The headers of a message forwarded as an attachment (`message/rfc822`). */
export interface AttachedMessage {
  from: Mailbox | null;
  subject: string;
  messageId: string | null;
}

/** The facts of an inbound message the pipeline works with. */
export interface InboundMail {
  messageId: string | null;
  inReplyTo: string | null;
  references: string[];
  /** Read from the raw header: an encoded-word display name never becomes the address. */
  from: Mailbox | null;
  /** The whole story of From: why `from` is null, and whether the display name poses as an address. */
  sender: SenderIdentity;
  to: Mailbox[];
  cc: Mailbox[];
  subject: string;
  /** Offset of the sender's Date header in minutes east of UTC: a hint at their time zone. */
  dateOffsetMinutes: number | null;
  /** The text the person wrote; for HTML-only mail, the HTML's visible text (hidden text dropped). */
  text: string;
  html: string | null;
  /** No usable text/plain body: `text` comes from the HTML. */
  htmlOnly: boolean;
  attachedMessages: AttachedMessage[];
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

const PARSER_OPTIONS = { skipImageLinks: true, skipTextToHtml: true, skipHtmlToText: true } as const;

export async function parseMail(raw: Buffer): Promise<InboundMail> {
  let parsed: ParsedMail;
  try {
    // mailparser's own HTML-to-text keeps hidden text; visibleHtmlText is used instead.
    parsed = await simpleParser(raw, PARSER_OPTIONS);
  } catch (cause) {
    throw new MailParseError(`cannot parse message: ${(cause as Error).message}`, { cause });
  }
  const contentType = parsed.headers.get('content-type');
  const sender = senderAddress(parsed);
  const html = typeof parsed.html === 'string' && parsed.html.trim() !== '' ? parsed.html : null;
  const plain = parsed.text ?? '';
  const htmlOnly = plain.trim() === '' && html !== null;
  return {
    messageId: parsed.messageId ?? null,
    inReplyTo: parsed.inReplyTo ?? null,
    references: toList(parsed.references),
    from: sender.address === null ? null : { address: sender.address, name: sender.name },
    sender,
    to: headerMailboxes(parsed.headerLines, 'to'),
    cc: headerMailboxes(parsed.headerLines, 'cc'),
    subject: parsed.subject ?? '',
    dateOffsetMinutes: dateOffset(raw),
    text: htmlOnly ? visibleHtmlText(html) : plain,
    html,
    htmlOnly,
    attachedMessages: await attachedMessages(parsed),
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

/** More attached messages than this are not a forward but an archive; the rest are ignored. */
const MAX_ATTACHED_MESSAGES = 3;
/** Only the header section of an attached message is read, and never more than this. */
const MAX_ATTACHED_HEADER_BYTES = 64 * 1024;

async function attachedMessages(parsed: ParsedMail): Promise<AttachedMessage[]> {
  const messages = parsed.attachments
    .filter((attachment) => attachment.contentType.toLowerCase() === 'message/rfc822')
    .slice(0, MAX_ATTACHED_MESSAGES);
  const result: AttachedMessage[] = [];
  for (const attachment of messages) {
    const head = headerSection(attachment.content);
    // A broken attachment is not the forwarder's fault; the message itself is still read.
    const inner = await simpleParser(head, PARSER_OPTIONS).catch(() => null);
    if (!inner) continue;
    const sender = senderAddress(inner);
    result.push({
      from: sender.address === null ? null : { address: sender.address, name: sender.name },
      subject: inner.subject ?? '',
      messageId: inner.messageId ?? null,
    });
  }
  return result;
}

function headerSection(content: Buffer): Buffer {
  const crlf = content.indexOf('\r\n\r\n');
  const lf = content.indexOf('\n\n');
  const ends = [crlf, lf].filter((at) => at !== -1);
  const end = ends.length > 0 ? Math.min(...ends) : content.length;
  return content.subarray(0, Math.min(end, MAX_ATTACHED_HEADER_BYTES));
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
