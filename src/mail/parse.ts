import { MailParser, simpleParser, type AttachmentStream, type MessageText, type ParsedMail } from 'mailparser';
import type { Readable } from 'node:stream';
import type { RawMessage } from './raw-message.js';
import { decodeFlowed } from './flowed.js';
import { visibleHtmlText } from './html/text.js';
import { headerMailboxes, senderAddress, type Mailbox, type SenderIdentity } from './sender-identity.js';

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

/** What the streaming parser gives: the message's text parts and headers, no attachment bytes. */
interface ParsedParts {
  headers: ParsedMail['headers'];
  headerLines: ParsedMail['headerLines'];
  text: string | undefined;
  html: string | undefined;
  /** The header sections of attached messages (message/rfc822), for forward detection. */
  attachedHeads: Buffer[];
}

/**
 * Reads a message, a Buffer or a stored raw message read as a stream. Attachments are read past,
 * never kept: a 25 MB attachment costs its decoding, not 25 MB.
 */
export async function parseMail(raw: Buffer | RawMessage): Promise<InboundMail> {
  let parsed: ParsedParts;
  try {
    // mailparser's own HTML-to-text keeps hidden text; visibleHtmlText is used instead.
    parsed = await parseParts(Buffer.isBuffer(raw) ? raw : raw.stream());
  } catch (cause) {
    throw new MailParseError(`cannot parse message: ${(cause as Error).message}`, { cause });
  }
  const contentType = parsed.headers.get('content-type');
  const sender = senderAddress(parsed);
  const html = typeof parsed.html === 'string' && parsed.html.trim() !== '' ? parsed.html : null;
  const plain = parsed.text ?? '';
  const htmlOnly = plain.trim() === '' && html !== null;
  return {
    messageId: headerText(parsed.headers, 'message-id'),
    inReplyTo: headerText(parsed.headers, 'in-reply-to'),
    references: toList(parsed.headers.get('references') as string | string[] | undefined),
    from: sender.address === null ? null : { address: sender.address, name: sender.name },
    sender,
    to: headerMailboxes(parsed.headerLines, 'to'),
    cc: headerMailboxes(parsed.headerLines, 'cc'),
    subject: headerText(parsed.headers, 'subject') ?? '',
    dateOffsetMinutes: dateOffset(parsed.headerLines),
    text: htmlOnly ? visibleHtmlText(html) : plain,
    html,
    htmlOnly,
    attachedMessages: await attachedMessages(parsed.attachedHeads),
    contentType:
      typeof contentType === 'object' && contentType !== null && 'value' in contentType
        ? String(contentType.value).toLowerCase()
        : 'text/plain',
    headers: parsed.headers,
  };
}

/** The parts of mailparser's internals that FlowedTextParser hooks into (they have no type declarations). */
interface MimeNode {
  contentType: string | false;
  flowed: boolean;
  delSp: boolean;
}
interface TreeNode {
  node?: MimeNode;
  textContent?: string;
  children?: TreeNode[];
}
interface ParserInternals {
  createNode(node: MimeNode): TreeNode;
  getTextContent(): unknown;
}
const parserInternals = MailParser.prototype as unknown as ParserInternals;

/**
 * mailparser decodes format=flowed with a decoder that joins a quoted line with the reply below it
 * (see flowed.ts). Its decoder is switched off for each flowed text part, and the part's text is
 * decoded by decodeFlowed before mailparser joins the parts into the message's text.
 */
class FlowedTextParser extends MailParser {
  /** Flowed text parts, and whether each is DelSp=yes. */
  private readonly flowedParts = new Map<MimeNode, boolean>();

  createNode(node: MimeNode): TreeNode {
    if (node.flowed && node.contentType === 'text/plain') {
      this.flowedParts.set(node, node.delSp);
      node.flowed = false;
    }
    return parserInternals.createNode.call(this, node);
  }

  getTextContent(): unknown {
    const decode = (tree: TreeNode): void => {
      const delSp = tree.node ? this.flowedParts.get(tree.node) : undefined;
      if (delSp !== undefined && typeof tree.textContent === 'string') {
        tree.textContent = decodeFlowed(tree.textContent, delSp);
        this.flowedParts.delete(tree.node!);
      }
      tree.children?.forEach(decode);
    };
    decode((this as unknown as { tree: TreeNode }).tree);
    return parserInternals.getTextContent.call(this);
  }
}

function parseParts(input: Buffer | Readable): Promise<ParsedParts> {
  return new Promise((resolve, reject) => {
    const parser = new FlowedTextParser(PARSER_OPTIONS);
    const parts: ParsedParts = { headers: new Map(), headerLines: [], text: undefined, html: undefined, attachedHeads: [] };
    let settled = false;
    const fail = (error: Error): void => {
      if (settled) return;
      settled = true;
      parser.destroy();
      if (!Buffer.isBuffer(input)) input.destroy();
      reject(error);
    };
    parser.on('error', fail);
    parser.on('headers', (headers) => {
      parts.headers = headers;
      // Set by the parser with the 'headers' event; its type declarations leave it out.
      parts.headerLines = (parser as unknown as { headerLines: ParsedMail['headerLines'] }).headerLines;
    });
    parser.on('data', (data: MessageText | AttachmentStream) => {
      if (data.type === 'text') {
        parts.text = data.text;
        parts.html = typeof data.html === 'string' ? data.html : undefined;
        return;
      }
      readPast(data, parts.attachedHeads);
    });
    parser.on('end', () => {
      if (settled) return;
      settled = true;
      resolve(parts);
    });
    if (Buffer.isBuffer(input)) parser.end(input);
    else input.once('error', fail).pipe(parser);
  });
}

/** More attached messages than this are not a forward but an archive; the rest are ignored. */
const MAX_ATTACHED_MESSAGES = 3;
/** Only the header section of an attached message is read, and never more than this. */
const MAX_ATTACHED_HEADER_BYTES = 64 * 1024;

/**
 * Lets an attachment's bytes flow by. The parser waits for each attachment's release, and a
 * released attachment that is not read still piles up in its stream, so it is read and dropped;
 * an attached message keeps its first bytes, where its headers are.
 */
function readPast(attachment: AttachmentStream, attachedHeads: Buffer[]): void {
  const keep = attachment.contentType.toLowerCase() === 'message/rfc822' && attachedHeads.length < MAX_ATTACHED_MESSAGES;
  const kept: Buffer[] = [];
  let length = 0;
  attachment.content.on('data', (chunk: Buffer) => {
    if (!keep || length >= MAX_ATTACHED_HEADER_BYTES) return;
    kept.push(chunk);
    length += chunk.length;
  });
  attachment.content.on('end', () => {
    if (keep) attachedHeads.push(headerSection(Buffer.concat(kept, length)));
    attachment.release();
  });
}

function headerText(headers: ParsedMail['headers'], key: string): string | null {
  const value = headers.get(key);
  return typeof value === 'string' ? value : null;
}

function toList(value: string | string[] | undefined): string[] {
  if (!value) return [];
  return Array.isArray(value) ? value : value.split(/\s+/).filter(Boolean);
}

async function attachedMessages(heads: Buffer[]): Promise<AttachedMessage[]> {
  const result: AttachedMessage[] = [];
  for (const head of heads) {
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
function dateOffset(headerLines: ParsedMail['headerLines']): number | null {
  const date = headerLines.find((header) => header.key === 'date');
  if (!date) return null;
  const match = /^date:[^]*?([+-])(\d{2})(\d{2})\s*(?:\([^)]*\))?\s*$/i.exec(date.line);
  if (!match) return null;
  const minutes = Number(match[2]) * 60 + Number(match[3]);
  if (minutes > 14 * 60) return null;
  return match[1] === '-' ? -minutes : minutes;
}
