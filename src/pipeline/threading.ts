import type { CampaignConfig } from '../config/types.js';
import { INITIAL_STATE } from '../core/conversation.js';
import { inferProspectZone } from '../core/prospect-zone.js';
import { newConversationToken, resolveRecipient } from '../mail/addressing.js';
import type { InboundMail } from '../mail/parse.js';
import type { Conversation } from '../store/conversations.js';
import type { Lead } from '../store/leads.js';
import type { SpooledMessage } from '../store/spool.js';
import type { PipelineDeps } from './process-message.js';

export interface Thread {
  lead: Lead;
  conversation: Conversation;
}

/**
 * Ties a human message to its conversation: by the +token of the address it was sent to first,
 * then by the Message-IDs it references, then by the sender's lead on this campaign; never by
 * subject. A message that matches none starts a lead and a conversation.
 */
export function findOrStartConversation(
  deps: PipelineDeps,
  input: { message: SpooledMessage; mail: InboundMail; campaign: CampaignConfig },
): Thread {
  const { store } = deps;
  const { message, mail, campaign } = input;
  const sender = mail.from!;
  const campaigns = new Set([campaign.address]);
  const tokens = message.envelopeTo
    .map((recipient) => resolveRecipient(recipient, campaigns)?.token)
    .filter((token): token is string => Boolean(token));
  const references = [mail.inReplyTo, ...mail.references].filter((id): id is string => Boolean(id));
  const existingLead = store.leads.find(campaign.address, sender.address);
  const found = [
    ...tokens.map((token) => () => store.conversations.byToken(token)),
    () => store.conversations.byReferences(references),
    () => (existingLead ? store.conversations.latestForLead(existingLead.id) : null),
  ]
    .map((lookup) => lookup())
    .find((conversation) => conversation?.campaign === campaign.address);
  if (found) return { lead: store.leads.byId(found.leadId), conversation: found };

  return store.transaction(() => {
    const { lead } = store.leads.findOrCreate({
      campaign: campaign.address,
      email: sender.address,
      name: sender.name,
      receivedAt: message.receivedAt,
    });
    const prospectZone = inferProspectZone({
      dateOffsetMinutes: mail.dateOffsetMinutes,
      at: message.receivedAt,
      campaignZone: campaign.timeZone,
      hostZones: campaign.hostIds.map((id) => deps.config.hosts.find((host) => host.id === id)!.timeZone),
    });
    const conversation = store.conversations.create(
      {
        leadId: lead.id,
        campaign: campaign.address,
        token: newConversationToken(),
        state: INITIAL_STATE,
        prospectZone,
        subject: mail.subject,
      },
      deps.now(),
    );
    return { lead, conversation };
  });
}
