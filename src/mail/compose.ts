import MailComposer from 'nodemailer/lib/mail-composer';
import { randomUUID } from 'node:crypto';
import { LOOP_HEADER } from './classify.js';

export interface Address {
  name: string | null;
  address: string;
}

export interface ComposeInput {
  domain: string;
  from: Address;
  to: Address[];
  /** Copied, in the Cc header (the envelope has them too: the caller lists every recipient there). */
  cc?: Address[];
  /** Where an answer should go: the conversation's +token address, or the prospect for staff mail. */
  replyTo: Address;
  subject: string;
  text: string;
  /** The message this one answers, for In-Reply-To and References. */
  inReplyTo?: { messageId: string; references: readonly string[] } | null;
  invite?: { method: 'REQUEST' | 'CANCEL'; ics: string } | null;
  /** A message carried whole (message/rfc822), e.g. the original a person must now answer. */
  attachedMessage?: Buffer | null;
  date: number;
}

export interface ComposedMail {
  messageId: string;
  raw: Buffer;
}

/** Builds the RFC 5322 bytes of an outbound mail, threaded and marked as sent by a robot. */
export async function composeMail(input: ComposeInput): Promise<ComposedMail> {
  const messageId = `<${randomUUID()}@${input.domain}>`;
  const references = input.inReplyTo
    ? [...input.inReplyTo.references, input.inReplyTo.messageId].filter(unique).slice(-20)
    : [];
  const composer = new MailComposer({
    from: format(input.from),
    to: input.to.map(format),
    ...(input.cc && input.cc.length > 0 ? { cc: input.cc.map(format) } : {}),
    replyTo: format(input.replyTo),
    subject: input.subject,
    text: input.text,
    html: textToHtml(input.text),
    messageId,
    date: new Date(input.date),
    ...(input.inReplyTo ? { inReplyTo: input.inReplyTo.messageId, references } : {}),
    // RFC 3834: tells vacation responders and other robots not to answer us; the loop marker
    // lets us recognise our own mail if a forwarder sends it back to a campaign address.
    headers: { 'Auto-Submitted': 'auto-replied', [LOOP_HEADER]: input.domain },
    ...(input.invite
      ? { icalEvent: { method: input.invite.method, filename: 'invite.ics', content: input.invite.ics } }
      : {}),
    ...(input.attachedMessage
      ? { attachments: [{ filename: 'original.eml', content: input.attachedMessage, contentType: 'message/rfc822', contentDisposition: 'attachment' as const }] }
      : {}),
  });
  const raw = await new Promise<Buffer>((resolve, reject) => {
    composer.compile().build((error, message) => (error ? reject(error) : resolve(message)));
  });
  return { messageId, raw };
}

/** "Re: Subject", without stacking "Re: Re:". */
export function replySubject(subject: string, fallback: string): string {
  const trimmed = subject.trim() || fallback;
  return /^re:/i.test(trimmed) ? trimmed : `Re: ${trimmed}`;
}

function format(address: Address): { name: string; address: string } {
  return { name: address.name ?? '', address: address.address };
}

function unique<T>(value: T, index: number, all: readonly T[]): boolean {
  return all.indexOf(value) === index;
}

function textToHtml(text: string): string {
  const escaped = text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
  const paragraphs = escaped
    .split(/\n{2,}/)
    .map((paragraph) => `<p>${paragraph.replace(/\n/g, '<br>\n')}</p>`);
  return `<!doctype html><html><body style="font-family:-apple-system,Segoe UI,Helvetica,Arial,sans-serif;font-size:15px;line-height:1.5">\n${paragraphs.join('\n')}\n</body></html>`;
}
