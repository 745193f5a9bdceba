import type { Logger } from 'pino';
import type { Config } from '../config/types.js';
import { buildPipeline } from './assembly.js';
import { openStore } from '../store/open.js';
import { type Store } from '../store/store.js';
import { BY_HAND } from '../store/spool.js';
import { parseMail } from '../mail/parse.js';
import { campaignAddresses, firstCampaign } from '../mail/addressing.js';
import { deliverDue, retryInAMinute } from './spool-loop.js';

export type ReplayResult = { ok: true; summary: string } | { ok: false; error: string };

/**
 * Puts a message in the spool exactly as the listener would, processes it, and sends what it
 * produced. Used by ops to re-run a message and by the demo to play a prospect.
 */
export async function replayFile(input: { config: Config; raw: Buffer; to?: string; logger: Logger }): Promise<ReplayResult> {
  const { config, raw, logger } = input;
  let recipients: string[];
  let sender: string | null = null;
  if (input.to) {
    recipients = [input.to.toLowerCase()];
  } else {
    const mail = await parseMail(raw).catch(() => null);
    if (!mail) return { ok: false, error: 'the file is not a readable message; give --to to replay it anyway' };
    recipients = [...mail.to, ...mail.cc].map((mailbox) => mailbox.address);
    sender = mail.from?.address ?? null;
  }
  const addressed = firstCampaign(recipients, campaignAddresses(config));
  if (!addressed) {
    return { ok: false, error: `no campaign address among the recipients (${recipients.join(', ') || 'none'}); give --to` };
  }
  const store = await openStore(config.service);
  try {
    const now = Date.now();
    const [id] = await store.spool.accept([
      {
        campaign: addressed.campaign,
        envelopeFrom: sender,
        envelopeTo: addressed.recipients,
        remoteAddress: null,
        helo: 'replay',
        raw: { bytes: raw },
        receivedAt: now,
      },
    ]);
    return await processNow({ config, store, id: id!, logger });
  } finally {
    await store.close();
  }
}

/** Puts a failed message back and runs it through the pipeline again (`campaign-agent retry`). */
export async function retryMessage(input: { config: Config; id: number; logger: Logger }): Promise<ReplayResult> {
  const store = await openStore(input.config.service);
  try {
    if (!await store.spool.requeueFailed(input.id)) return { ok: false, error: `message ${input.id} is not a failed inbound message` };
    return await processNow({ config: input.config, store, id: input.id, logger: input.logger });
  } finally {
    await store.close();
  }
}

/** Processes one spooled message here and now, then sends what it produced. */
async function processNow(input: { config: Config; store: Store; id: number; logger: Logger }): Promise<ReplayResult> {
  const { config, store, id, logger } = input;
  const pipeline = buildPipeline(config, store, logger, Date.now);
  const message = await store.spool.claimById(id, Date.now(), BY_HAND);
  if (!message) return { ok: true, summary: `message ${id} stored; a running service picked it up` };
  let outcome;
  try {
    outcome = await pipeline.process(message);
  } catch (error) {
    await retryInAMinute(store, message, error, Date.now());
    return { ok: false, error: `message ${id} failed: ${(error as Error).message} (kept in the database)` };
  }
  await deliverDue({ store, sender: pipeline.sender, now: Date.now, logger }, BY_HAND);
  pipeline.sender.close();
  switch (outcome.status) {
    case 'processed':
      return { ok: true, summary: `message ${id} → ${outcome.kind}; ${outcome.queued} mail(s) queued and sent via ${pipeline.sender.description}` };
    case 'retrying':
      return { ok: false, error: `message ${id} failed: ${outcome.reason}; the service tries it again at ${new Date(outcome.retryAt).toISOString()}` };
    case 'handed_off':
      return { ok: false, error: `message ${id} failed: ${outcome.reason}; it was handed to a person with the original attached` };
  }
}
