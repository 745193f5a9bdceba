/**
 * How the agent reads one parsed message: who is it from (a person or a robot), is it a
 * forward, and which text it understands. One function so the pipeline, `inspect` and the
 * tests can never read the same message two ways.
 */
import type { Config } from '../config/types.js';
import { classifyMessage, type Classification } from './classify.js';
import { detectForward, type ForwardDetection } from './forwarded.js';
import type { InboundMail } from './parse.js';
import { visibleText } from './quoted-text.js';

export interface MessageReading {
  classification: Classification;
  forward: ForwardDetection;
  /** The new text the person wrote: quotes, forwarded originals, signatures and hidden HTML removed. */
  visibleText: string;
}

/**
 * The agent reads at most this much of a message's text. Nobody writes more than this about a
 * meeting (what they write comes first, above any quoted history), and it bounds what a huge
 * message costs: the text scans here, and an LLM's tokens.
 */
export const MAX_READ_CHARS = 20_000;

export function readMessage(whole: InboundMail, context: { envelopeFrom: string | null; ownDomains: string[] }): MessageReading {
  const mail = whole.text.length > MAX_READ_CHARS ? { ...whole, text: headOf(whole.text) } : whole;
  const visible = visibleText(mail.text);
  return {
    classification: classifyMessage({
      headers: mail.headers,
      envelopeFrom: context.envelopeFrom,
      from: mail.from?.address ?? null,
      subject: mail.subject,
      contentType: mail.contentType,
      ownDomains: context.ownDomains,
      text: mail.text,
    }),
    forward: detectForward(mail, visible),
    visibleText: visible,
  };
}

/** The text up to MAX_READ_CHARS, cut at the end of a line where there is one. */
function headOf(text: string): string {
  const head = text.slice(0, MAX_READ_CHARS);
  const lineEnd = head.lastIndexOf('\n');
  return lineEnd > MAX_READ_CHARS / 2 ? head.slice(0, lineEnd + 1) : head;
}

/** Domains whose mail is ours (the service's and every campaign's): such mail is never answered. */
export function ownDomains(config: Config): string[] {
  return [...new Set([...config.service.servedDomains, ...config.campaigns.map((campaign) => campaign.address.split('@')[1]!)])];
}
