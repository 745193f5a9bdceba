/**
 * How the service would read one message, without acting on it: sender, authentication,
 * classification, forward, the conversation it would join and the text the agent would
 * understand. Answers "why did the agent do that?"; nothing here writes anywhere.
 */
import type { Config } from '../config/types.js';
import { campaignAddresses, firstCampaign } from '../mail/addressing.js';
import { authenticate, type AuthenticationResult, type DnsResolver } from '../mail/authenticate.js';
import type { Classification } from '../mail/classify.js';
import type { ForwardDetection } from '../mail/forwarded.js';
import { parseMail, type InboundMail } from '../mail/parse.js';
import { ownDomains, readMessage } from '../mail/read-message.js';
import type { SenderIdentity } from '../mail/sender-identity.js';
import { findConversation, type MatchedBy, type ThreadLookup } from './threading.js';

export type DatabaseAccess =
  | { status: 'open'; lookup: ThreadLookup }
  | { status: 'no_database'; path: string }
  | { status: 'unreadable'; path: string; error: string };

export type ConversationFinding =
  | { status: 'found'; matchedBy: MatchedBy; conversationId: number; leadId: number; leadEmail: string; state: string }
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
  const recipients = [...mail.to, ...mail.cc].map((mailbox) => mailbox.address);
  // The first campaign among To/Cc, bare or +token.
  const campaign = firstCampaign(recipients, campaignAddresses(config))?.campaign ?? null;
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
    conversation: await conversationOf(input.database, { campaign, recipients, mail, forward: reading.forward }),
    visibleText: reading.visibleText,
  };
}

/** A saved message keeps MAIL FROM as the Return-Path header its final MTA added. */
function returnPathOf(mail: InboundMail): string | null {
  const value = mail.headers.get('return-path') as { value?: Array<{ address?: string }> } | undefined;
  const address = value?.value?.[0]?.address;
  return typeof address === 'string' ? address.toLowerCase() : null;
}

/** The conversation the pipeline would thread the message into, by the pipeline's own lookup. */
async function conversationOf(
  database: DatabaseAccess,
  input: { campaign: string | null; recipients: readonly string[]; mail: InboundMail; forward: ForwardDetection },
): Promise<ConversationFinding> {
  const { campaign } = input;
  if (campaign === null) return { status: 'not_applicable', reason: 'no campaign address among To/Cc' };
  if (database.status !== 'open') return database;
  const found = await findConversation(database.lookup, { ...input, campaign });
  if (found) {
    return {
      status: 'found',
      matchedBy: found.matchedBy,
      conversationId: found.conversation.id,
      leadId: found.lead.id,
      leadEmail: found.lead.email,
      state: found.conversation.state.status,
    };
  }
  return { status: 'new', reason: 'no token, reference or lead matches: a new lead and conversation would start' };
}
