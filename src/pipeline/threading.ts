import type { CampaignConfig, Config } from '../config/types.js';
import { INITIAL_STATE } from '../core/conversation.js';
import { inferProspectZone } from '../core/prospect-zone.js';
import { newConversationToken, resolveRecipient } from '../mail/addressing.js';
import type { ForwardDetection } from '../mail/forwarded.js';
import type { InboundMail } from '../mail/parse.js';
import type { Conversation, Conversations } from '../store/conversations.js';
import type { Lead, Leads } from '../store/leads.js';
import type { Store } from '../store/store.js';
import type { SpooledMessage } from '../store/spool.js';
import { queueWebhook } from '../integrations/webhooks.js';
import { leadCreated } from '../integrations/notices.js';
import { hostsById } from './hosts.js';

export interface Thread {
  lead: Lead;
  conversation: Conversation;
}

/** The read-only lookups threading needs: the store has them, and so does `inspect`'s read-only view. */
export interface ThreadLookup {
  conversations: Pick<Conversations, 'byToken' | 'byReferences' | 'latestForLead'>;
  leads: Pick<Leads, 'find' | 'byId'>;
}

export type MatchedBy = 'token' | 'references' | 'forward' | 'sender';

/** What threading reads of a message. */
export interface MessageToThread {
  campaign: string;
  /** The addresses it was sent to, where a +token may stand. */
  recipients: readonly string[];
  mail: InboundMail;
  forward: ForwardDetection;
}

/** An inbound message to find (or start) a thread for. */
export interface MessageToStart {
  message: SpooledMessage;
  mail: InboundMail;
  campaign: CampaignConfig;
  forward: ForwardDetection;
}

interface ThreadingDeps {
  config: Config;
  store: Store;
  now: () => number;
}

/**
 * The conversation a message belongs to: by the +token of the address it was sent to first,
 * then by the Message-IDs it references, then by the original a colleague forwarded, then by the
 * sender's lead on this campaign; never by subject. Read-only.
 */
export async function findConversation(lookup: ThreadLookup, input: MessageToThread): Promise<(Thread & { matchedBy: MatchedBy }) | null> {
  const { conversations, leads } = lookup;
  const { mail, campaign, forward } = input;
  const campaigns = new Set([campaign]);
  const candidates: Array<{ matchedBy: MatchedBy; find: () => Promise<Conversation | null> }> = [
    ...input.recipients
      .map((recipient) => resolveRecipient(recipient, campaigns)?.token)
      .filter((token): token is string => Boolean(token))
      .map((token) => ({ matchedBy: 'token' as const, find: () => conversations.byToken(token) })),
    {
      matchedBy: 'references',
      find: () => conversations.byReferences([mail.inReplyTo, ...mail.references].filter((id): id is string => Boolean(id))),
    },
    {
      matchedBy: 'forward',
      find: async () => (forward.forwarded && forward.originalMessageId ? conversations.byReferences([forward.originalMessageId]) : null),
    },
    {
      matchedBy: 'sender',
      find: async () => {
        const lead = mail.from ? await leads.find(campaign, mail.from.address) : null;
        return lead ? await conversations.latestForLead(lead.id) : null;
      },
    },
  ];
  for (const candidate of candidates) {
    const conversation = await candidate.find();
    if (conversation?.campaign === campaign) return { lead: await leads.byId(conversation.leadId), conversation, matchedBy: candidate.matchedBy };
  }
  return null;
}

/**
 * As findConversation, and a message that matches none starts a lead and a conversation. A
 * colleague who writes in an existing thread becomes a contact of the same lead: the campaign
 * keeps one lead, whoever answers.
 */
export async function findOrStartConversation(deps: ThreadingDeps, input: MessageToStart): Promise<Thread> {
  const { store } = deps;
  const { message, mail, campaign } = input;
  const sender = mail.from!;
  const found = await findConversation(store, { campaign: campaign.address, recipients: message.envelopeTo, mail, forward: input.forward });
  if (found) {
    if (found.lead.email !== sender.address) await store.leads.addContact(found.lead.id, sender.address, sender.name, deps.now());
    return { lead: found.lead, conversation: found.conversation };
  }
  return await store.transaction(async () => {
    const { lead, created } = await store.leads.findOrCreate({
      campaign: campaign.address,
      email: sender.address,
      name: sender.name,
      receivedAt: message.receivedAt,
    });
    if (created) await queueWebhook(store, deps.config, leadCreated(lead, campaign, message.receivedAt), deps.now());
    // Two first messages from one person handled at once: the second joins the first's conversation.
    const existing = created ? null : await store.conversations.latestForLead(lead.id);
    if (existing) return { lead, conversation: existing };
    const prospectZone = inferProspectZone({
      dateOffsetMinutes: mail.dateOffsetMinutes,
      at: message.receivedAt,
      campaignZone: campaign.timeZone,
      hostZones: hostsById(deps.config, campaign.hostIds).map((host) => host.timeZone),
    });
    const conversation = await store.conversations.create(
      { leadId: lead.id, campaign: campaign.address, token: newConversationToken(), state: INITIAL_STATE, prospectZone, subject: mail.subject, language: null },
      deps.now(),
    );
    return { lead, conversation };
  });
}
