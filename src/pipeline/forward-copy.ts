import type { CampaignConfig } from '../config/types.js';
import type { Store } from '../store/store.js';
import type { SpooledMessage } from '../store/spool.js';

/**
 * The campaign's CRM or shared inbox gets every inbound message unchanged, with headers naming
 * the campaign and the lead prepended. Queued once per inbound message, whatever the retries.
 */
export async function queueForwardCopy(
  store: Store,
  input: { campaign: CampaignConfig; message: SpooledMessage; leadId: number | null; kind: string; now: number },
): Promise<void> {
  const { campaign, message } = input;
  if (!campaign.forwardTo) return;
  const key = `forward:${message.id}`;
  if (await store.outbox.has(key)) return;
  const headers = [
    `X-Campaign-Agent-Campaign: ${campaign.address}`,
    `X-Campaign-Agent-Lead: ${input.leadId ?? 'none'}`,
    `X-Campaign-Agent-Classification: ${input.kind}`,
  ].join('\r\n');
  const raw = await message.raw.bytes();
  // Checked again: another turn of this message may have queued it while the bytes were read.
  if (await store.outbox.has(key)) return;
  await store.outbox.queue(
    {
      campaign: campaign.address,
      conversationId: null,
      kind: 'forward',
      messageId: key,
      // Our own address as the envelope sender: a bounce of the copy must come back to us, not the prospect.
      envelopeFrom: campaign.address,
      envelopeTo: [campaign.forwardTo],
      subject: `copy of inbound message ${message.id}`,
      text: '',
      raw: Buffer.concat([Buffer.from(`${headers}\r\n`), raw]),
    },
    input.now,
  );
}
