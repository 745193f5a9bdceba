/**
 * How the service would read one message, without acting on it: sender, authentication,
 * classification, forward, the conversation it would join and the text the agent would
 * understand. Answers "why did the agent do that?"; nothing here writes anywhere.
 */
import type { Config } from './config/types.js';
import { resolveRecipient } from './mail/addressing.js';
import { authenticate, type AuthenticationResult, type DnsResolver } from './mail/authenticate.js';
import type { Classification } from './mail/classify.js';
import type { ForwardDetection } from './mail/forwarded.js';
import { parseMail, type InboundMail } from './mail/parse.js';
import { readMessage } from './mail/read-message.js';
import type { SenderIdentity } from './mail/sender-identity.js';
import type { Conversations } from './store/conversations.js';
import type { Leads } from './store/leads.js';

/** The read-only lookups threading needs. */
export interface ThreadLookup {
  conversations: Pick<Conversations, 'byToken' | 'byReferences' | 'latestForLead'>;
  leads: Pick<Leads, 'find' | 'byId'>;
}

export type DatabaseAccess =
  | { status: 'open'; lookup: ThreadLookup }
  | { status: 'no_database'; path: string }
  | { status: 'unreadable'; path: string; error: string };

export type ConversationFinding =
  | { status: 'found'; matchedBy: 'token' | 'references' | 'sender'; conversationId: number; leadId: number; leadEmail: string; state: string }
  | { status: 'new'; reason: string }
  | { status: 'not_applicable'; reason: string }
  | { status: 'no_database'; path: string }
  | { status: 'unreadable'; path: string; error: string };

export interface InspectReport {
  messageId: string | null;
  subject: string;
  sender: SenderIdentity;
  envelope: { mailFrom: string | null; mailFromSource: 'flag' | 'return-path' | 'unknown'; clientIp: string | null; helo: string | null };
  authentication: AuthenticationResult;
  classification: Classification;
  forward: ForwardDetection;
  htmlOnly: boolean;
  campaign: string | null;
  conversation: ConversationFinding;
  visibleText: string;
}

export interface InspectInput {
  raw: Buffer;
  config: Config;
  /** Connection facts as given by the operator; without a client IP nothing is authenticated. */
  connection: { mailFrom: string | null; clientIp: string | null; helo: string | null };
  database: DatabaseAccess;
  resolver?: DnsResolver;
}

/** Throws MailParseError when the file is not a message at all. */
export async function inspectMessage(input: InspectInput): Promise<InspectReport> {
  const { raw, config, connection } = input;
  const mail = await parseMail(raw);
  const returnPath = returnPathOf(mail);
  const mailFrom = connection.mailFrom ?? returnPath;
  const reading = readMessage(mail, { envelopeFrom: mailFrom, ownDomains: ownDomains(config) });
  const authentication = await authenticate({
    raw,
    clientIp: connection.clientIp,
    helo: connection.helo,
    envelopeFrom: mailFrom,
    mta: config.service.domain,
    ...(input.resolver ? { resolver: input.resolver } : {}),
  });
  const recipients = campaignRecipients(mail, config);
  const campaign = recipients[0]?.campaign ?? null;
  return {
    messageId: mail.messageId,
    subject: mail.subject,
    sender: mail.sender,
    envelope: {
      mailFrom,
      mailFromSource: connection.mailFrom !== null ? 'flag' : returnPath !== null ? 'return-path' : 'unknown',
      clientIp: connection.clientIp,
      helo: connection.helo,
    },
    authentication,
    classification: reading.classification,
    forward: reading.forward,
    htmlOnly: mail.htmlOnly,
    campaign,
    conversation: findConversation(input.database, mail, campaign, recipients),
    visibleText: reading.visibleText,
  };
}

/** Our campaign domains and the service domain, as the pipeline counts them for "own mail". */
function ownDomains(config: Config): string[] {
  return [...new Set([config.service.domain, ...config.campaigns.map((campaign) => campaign.address.split('@')[1]!)])];
}

/** A saved message keeps MAIL FROM as the Return-Path header its final MTA added. */
function returnPathOf(mail: InboundMail): string | null {
  const value = mail.headers.get('return-path') as { value?: Array<{ address?: string }> } | undefined;
  const address = value?.value?.[0]?.address;
  return typeof address === 'string' ? address.toLowerCase() : null;
}

function campaignRecipients(mail: InboundMail, config: Config) {
  const campaigns = new Set(config.campaigns.map((campaign) => campaign.address));
  return [...mail.to, ...mail.cc]
    .map((mailbox) => resolveRecipient(mailbox.address, campaigns))
    .filter((match) => match !== null);
}

/** Token first, then references, then the sender's lead: the order the pipeline threads in. */
function findConversation(
  database: DatabaseAccess,
  mail: InboundMail,
  campaign: string | null,
  recipients: ReturnType<typeof campaignRecipients>,
): ConversationFinding {
  if (campaign === null) return { status: 'not_applicable', reason: 'no campaign address among To/Cc' };
  if (database.status !== 'open') return database;
  const { conversations, leads } = database.lookup;
  const references = [mail.inReplyTo, ...mail.references].filter((id): id is string => Boolean(id));
  const lead = mail.from ? leads.find(campaign, mail.from.address) : null;
  const candidates = [
    ...recipients
      .filter((recipient) => recipient.campaign === campaign && recipient.token !== null)
      .map((recipient) => ({ matchedBy: 'token' as const, find: () => conversations.byToken(recipient.token!) })),
    { matchedBy: 'references' as const, find: () => conversations.byReferences(references) },
    { matchedBy: 'sender' as const, find: () => (lead ? conversations.latestForLead(lead.id) : null) },
  ];
  for (const candidate of candidates) {
    const conversation = candidate.find();
    if (conversation?.campaign !== campaign) continue;
    return {
      status: 'found',
      matchedBy: candidate.matchedBy,
      conversationId: conversation.id,
      leadId: conversation.leadId,
      leadEmail: leads.byId(conversation.leadId).email,
      state: conversation.state.status,
    };
  }
  return { status: 'new', reason: 'no token, reference or lead matches: a new lead and conversation would start' };
}
