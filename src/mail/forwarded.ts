/**
 * Recognises a forwarded message and who wrote the original. A prospect who forwards our
 * thread to a colleague, or a colleague who forwards the prospect's mail to the campaign, must
 * not be read as the original author: the forwarder's own note is what they say, the original
 * tells who the lead is.
 */
import type { AttachedMessage } from './parse.js';
import { FORWARD_SEPARATORS, historyStart, nextContentLine, visibleText } from './quoted-text.js';
import { parseMailbox, type Mailbox } from './sender-identity.js';

export interface ForwardInput {
  subject: string;
  /** The body as read: mailparser's text, or the visible HTML text of HTML-only mail. */
  text: string;
  /** Headers of `message/rfc822` attachments ("forward as attachment"). */
  attachedMessages: readonly AttachedMessage[];
}

export type ForwardDetection =
  | { forwarded: false }
  | {
      forwarded: true;
      originalFrom: Mailbox | null;
      originalSubject: string;
      originalMessageId: string | null;
      /** What the forwarder wrote above the original, as the agent would read it. */
      forwarderNote: string;
    };

/**
 * The outermost subject prefix, after gateway tags such as "[External]": Fwd, FW, WG (German),
 * TR (French), RV (Spanish), Enc (Portuguese), VS (Finnish), Doorst (Dutch), I (Italian).
 * "Re: Fwd: ..." is a reply, not a forward.
 */
const FORWARD_SUBJECT = /^\s*(?:\[[^\]]{0,40}\]\s*)*(?:fwd?|wg|tr|rv|enc|vs|doorst|i)\s*:|^\s*\[fwd?:/i;

/** "From: ...", "*Von:* ...", "Subject:\t..." in a forwarded header block. */
const HEADER_LINE = /^\*?([\p{L}][\p{L}-]*(?: [\p{L}-]+)?)\s?:\*?[ \t]*(.*)$/u;
const FROM_KEYS = new Set(['from', 'de', 'von', 'da', 'van', 'från', 'fra', 'od']);
const SUBJECT_KEYS = new Set(['subject', 'objet', 'sujet', 'betreff', 'asunto', 'oggetto', 'onderwerp', 'ämne', 'assunto']);
/** A header block is short; past this many lines it is body text. */
const MAX_HEADER_LINES = 15;

/**
 * `note` is `visibleText(input.text)` when the caller has already computed it (readMessage
 * does); otherwise it is computed here, only for a forward.
 */
export function detectForward(input: ForwardInput, note?: string): ForwardDetection {
  const subjectSaysForward = FORWARD_SUBJECT.test(input.subject);
  const attached = input.attachedMessages[0];
  if (attached) {
    return {
      forwarded: true,
      originalFrom: attached.from,
      originalSubject: attached.subject || stripForwardPrefix(input.subject),
      originalMessageId: attached.messageId,
      forwarderNote: note ?? visibleText(input.text),
    };
  }
  const lines = input.text.replace(/\r\n?/g, '\n').split('\n');
  const at = historyStart(input.text);
  if (at === -1) return { forwarded: false };
  // A separator says "forwarded" by itself; an Outlook header block or "-----Original
  // Message-----" also starts every Outlook reply, so only a forward subject makes it one.
  const separator = FORWARD_SEPARATORS.some((re) => re.test((lines[at] ?? '').trim()));
  if (!separator && !subjectSaysForward) return { forwarded: false };
  const headers = readHeaderBlock(lines, at);
  return {
    forwarded: true,
    originalFrom: headers.from === null ? null : parseMailbox(headers.from.replace(/\[mailto:([^\]]+)\]/i, '<$1>')),
    originalSubject: headers.subject ?? stripForwardPrefix(input.subject),
    originalMessageId: headers.messageId,
    forwarderNote: note ?? visibleText(input.text),
  };
}

interface OriginalHeaders {
  from: string | null;
  subject: string | null;
  messageId: string | null;
}

/** Reads "Key: value" lines from `from`, stepping over one separator line and blank lines. */
function readHeaderBlock(lines: string[], from: number): OriginalHeaders {
  const headers: OriginalHeaders = { from: null, subject: null, messageId: null };
  let i = nextContentLine(lines, from);
  if (!HEADER_LINE.test((lines[i] ?? '').trim())) i = nextContentLine(lines, i + 1);
  for (const end = i + MAX_HEADER_LINES; i < end && i < lines.length; i += 1) {
    const match = HEADER_LINE.exec((lines[i] ?? '').trim());
    if (!match) break;
    const key = match[1]!.toLowerCase();
    const value = match[2]!.replace(/\*/g, '').trim();
    if (FROM_KEYS.has(key)) headers.from ??= value;
    else if (SUBJECT_KEYS.has(key)) headers.subject ??= value;
    else if (key === 'message-id') headers.messageId ??= /<[^<>\s]+>/.exec(value)?.[0] ?? null;
  }
  return headers;
}

function stripForwardPrefix(subject: string): string {
  const bracketed = /^\s*\[fwd?:\s*(.*)\]\s*$/i.exec(subject);
  return (bracketed?.[1] ?? subject.replace(FORWARD_SUBJECT, '')).trim();
}
