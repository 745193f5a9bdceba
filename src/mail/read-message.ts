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

export function readMessage(mail: InboundMail, context: { envelopeFrom: string | null; ownDomains: string[] }): MessageReading {
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
    forward: detectForward(mail),
    visibleText: visibleText(mail.text),
  };
}

/** Domains whose mail is ours (the service's and every campaign's): such mail is never answered. */
export function ownDomains(config: Config): string[] {
  return [...new Set([config.service.domain, ...config.campaigns.map((campaign) => campaign.address.split('@')[1]!)])];
}
