import type { CampaignConfig } from '../config/types.js';
import { INITIAL_STATE } from '../core/conversation.js';
import { inferProspectZone } from '../core/prospect-zone.js';
import { newConversationToken, resolveRecipient } from '../mail/addressing.js';
import type { InboundMail } from '../mail/parse.js';
import { detectForward } from '../mail/forwarded.js';
import type { Conversation } from '../store/conversations.js';
import type { Lead } from '../store/leads.js';
import type { Store } from '../store/store.js';
import type { SpooledMessage } from '../store/spool.js';
import type { Config } from '../config/types.js';

export interface Thread {
  lead: Lead;
  conversation: Conversation;
}

interface ThreadingDeps {
  config: Config;
  store: Store;
  now: () => number;
}

interface ThreadingInput {
  message: SpooledMessage;
  mail: InboundMail;
  campaign: CampaignConfig;
}

/**
 * The conversation a message belongs to: by the +token of the address it was sent to first,
 * then by the Message-IDs it references, then by the sender's lead on this campaign; never by
 * subject. Read-only.
 */
export function findConversation(deps: ThreadingDeps, input: ThreadingInput): Thread | null {
  const { store } = deps;
  const { message, mail, campaign } = input;
  const campaigns = new Set([campaign.address]);
  const lookups: Array<() => Conversation | null> = [
    ...message.envelopeTo
      .map((recipient) => resolveRecipient(recipient, campaigns)?.token)
      .filter((token): token is string => Boolean(token))
      .map((token) => () => store.conversations.byToken(token)),
    () => store.conversations.byReferences([mail.inReplyTo, ...mail.references].filter((id): id is string => Boolean(id))),
    // A colleague forwarded our mail to the campaign: the forwarded original names the conversation.
    () => {
      const forward = detectForward(mail);
      return forward.forwarded && forward.originalMessageId ? store.conversations.byReferences([forward.originalMessageId]) : null;
    },
    () => {
      const lead = mail.from ? store.leads.find(campaign.address, mail.from.address) : null;
      return lead ? store.conversations.latestForLead(lead.id) : null;
    },
  ];
  for (const lookup of lookups) {
    const conversation = lookup();
    if (conversation?.campaign === campaign.address) return { lead: store.leads.byId(conversation.leadId), conversation };
  }
  return null;
}

/**
 * As findConversation, and a message that matches none starts a lead and a conversation. A
 * colleague who writes in an existing thread becomes a contact of the same lead: the campaign
 * keeps one lead, whoever answers.
 */
export function findOrStartConversation(deps: ThreadingDeps, input: ThreadingInput): Thread {
  const { store } = deps;
  const { message, mail, campaign } = input;
  const sender = mail.from!;
  const found = findConversation(deps, input);
  if (found) {
    if (found.lead.email !== sender.address) store.leads.addContact(found.lead.id, sender.address, sender.name, deps.now());
    return found;
  }
  return store.transaction(() => {
    const { lead, created } = store.leads.findOrCreate({
      campaign: campaign.address,
      email: sender.address,
      name: sender.name,
      receivedAt: message.receivedAt,
    });
    // Two first messages from one person handled at once: the second joins the first's conversation.
    const existing = created ? null : store.conversations.latestForLead(lead.id);
    if (existing) return { lead, conversation: existing };
    const prospectZone = inferProspectZone({
      dateOffsetMinutes: mail.dateOffsetMinutes,
      at: message.receivedAt,
      campaignZone: campaign.timeZone,
      hostZones: campaign.hostIds.map((id) => deps.config.hosts.find((host) => host.id === id)!.timeZone),
    });
    const conversation = store.conversations.create(
      { leadId: lead.id, campaign: campaign.address, token: newConversationToken(), state: INITIAL_STATE, prospectZone, subject: mail.subject, language: null },
      deps.now(),
    );
    return { lead, conversation };
  });
}
