import type { Logger } from 'pino';
import type { Config } from '../config/types.js';
import type { Metrics } from '../metrics/metrics.js';
import type { Store } from '../store/store.js';
import type { SpooledMessage } from '../store/spool.js';
import type { Outcome } from './process-message.js';

export interface PostmasterDeps {
  config: Config;
  store: Store;
  metrics: Metrics;
  now: () => number;
  logger: Logger;
}

/**
 * Mail to postmaster@ or abuse@ a served domain goes, unchanged, to the ops address
 * (`service.postmaster`), with headers saying what it was for; it is never answered. A bounce
 * (null reverse path) is passed on with a null reverse path too, so that if the ops address
 * bounces, no bounce comes back here to be passed on again.
 */
export async function forwardToPostmaster(deps: PostmasterDeps, message: SpooledMessage): Promise<Outcome> {
  const now = deps.now();
  const to = deps.config.service.postmaster;
  const key = `postmaster:${message.id}`;
  const raw = await message.raw.bytes();
  const headers = [
    `X-Campaign-Agent-Role-Mailbox: ${message.campaign}`,
    `X-Campaign-Agent-Envelope-From: <${message.envelopeFrom ?? ''}>`,
  ].join('\r\n');
  await deps.store.transaction(async () => {
    if (!await deps.store.outbox.has(key)) {
      await deps.store.outbox.queue(
        {
          campaign: message.campaign,
          conversationId: null,
          kind: 'forward',
          messageId: key,
          envelopeFrom: message.envelopeFrom === '' ? '' : `postmaster@${deps.config.service.domain}`,
          envelopeTo: [to],
          subject: `mail to ${message.campaign}`,
          text: '',
          raw: Buffer.concat([Buffer.from(`${headers}\r\n`), raw]),
        },
        now,
      );
    }
    await deps.store.journal.markProcessed(
      {
        messageId: message.id,
        attempt: message.attempts,
        conversationId: null,
        headerMessageId: null,
        kind: 'postmaster',
        fromAddress: message.envelopeFrom || null,
        subject: null,
        visibleText: null,
        understanding: null,
        authentication: null,
      },
      now,
    );
    await deps.store.journal.decide(
      { conversationId: null, messageId: message.id, kind: 'handoff', actor: 'code', summary: `mail to ${message.campaign}, passed on to ${to}`, detail: { to } },
      now,
    );
  });
  deps.metrics.handedOff(message.campaign, 'postmaster');
  deps.logger.info({ message: message.id, mailbox: message.campaign, to }, 'role mailbox mail passed on');
  return { status: 'processed', kind: 'postmaster', conversationId: null, queued: 1 };
}
