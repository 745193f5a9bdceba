import type { OfferedTime, Understanding } from '../core/understanding.js';

/** What the pipeline learned about one inbound message, written when it is done with it. */
export interface InboundOutcome {
  messageId: number;
  /** The claim this worker holds on the message (SpooledMessage.attempts): see ClaimLost. */
  attempt: number;
  conversationId: number | null;
  headerMessageId: string | null;
  kind: string;
  fromAddress: string | null;
  subject: string | null;
  visibleText: string | null;
  understanding: Understanding | null;
  /** What SPF, DKIM and DMARC said (kept as JSON). */
  authentication: unknown;
}

export interface Decision {
  conversationId: number | null;
  messageId: number | null;
  kind: 'routing' | 'understanding' | 'step' | 'booking' | 'classification' | 'calendar' | 'handoff' | 'hold' | 'acknowledged';
  /** 'ops': a person on the web page (a hand-off taken). */
  actor: 'rules' | 'llm' | 'code' | 'ops';
  summary: string;
  detail: unknown;
}

/** The explainable record: how each message was read and why the agent did what it did. */
export interface Journal {
  /** Throws ClaimLost (spool.ts) when the message's claim `attempt` is no longer this worker's. */
  markProcessed(outcome: InboundOutcome, now: number): Promise<void>;
  decide(entry: Decision, now: number): Promise<void>;
  /** Offered slots keep the host set as `alice` or `alice+bob` (collective, fixed + rotating). */
  recordOffer(input: {
    conversationId: number;
    outboundId: number;
    hostIds: string[];
    slots: OfferedTime[];
  }, now: number): Promise<void>;
  /** The conversation's messages in order, as a rep reads them. */
  thread(conversationId: number): Promise<Array<{
    direction: 'in' | 'out';
    from: string;
    at: number;
    text: string;
  }>>;
  /** Agent mail to the prospect in this conversation so far, and to this address from the campaign in the last day. */
  agentMailCounts(input: {
    conversationId: number;
    campaign: string;
    email: string;
    since: number;
  }): Promise<{
    conversation: number;
    senderToday: number;
  }>;
  /** The last mail the agent sent the prospect in this conversation: what a follow-up answers. */
  lastProspectMail(conversationId: number): Promise<{
    messageId: string;
    envelopeTo: string[];
  } | null>;
  /**
   * Claims a Message-ID for one inbound message of the campaign. False when another inbound
   * message (an MTA retry, a second copy) holds it: that one is the duplicate. Atomic, so two
   * workers cannot both win; the same message claiming again (a retry after a crash) wins.
   */
  claimMessageId(campaign: string, headerMessageId: string, inboundId: number): Promise<boolean>;
}
