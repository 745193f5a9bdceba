import type { Interval } from './interval.js';

/** What a prospect's message is understood to say: a typed value, stored with the message. */
export type Intent =
  /** Chose one of the times we offered ("2", "the second one", "Tuesday at 10"). */
  | 'pick'
  /** Proposed times of their own that are not (clearly) one of the offered ones. */
  | 'propose'
  /** Asked for (other) times: "what times do you have?", "none of these work". */
  | 'request_times'
  /** Not interested in a meeting: ends the conversation politely. */
  | 'decline'
  /** Do not write to me again: honoured forever for this address on this campaign. */
  | 'unsubscribe'
  /** Wants to move the booked meeting; `times` may say where to. */
  | 'reschedule'
  /** Wants to cancel the booked meeting. */
  | 'cancel'
  /** Asks something about the product or the meeting; `question` holds it. */
  | 'question'
  /** Points to someone else as the right person ("talk to my colleague jane@..."); see `people`. */
  | 'redirect'
  /** Asks for a person instead of the agent. */
  | 'human'
  /** Could not be read with confidence: a human should look. */
  | 'unclear';

/** Someone the prospect named in their words; the code decides whether they may be invited. */
export interface NamedPerson {
  name: string | null;
  email: string | null;
}

export interface Understanding {
  intent: Intent;
  /**
   * 1-based position in the offered list when the prospect picked by position or by a time that
   * matches an offer. With intent 'unclear': the option they most likely meant, when the engine
   * has a guess it is not sure enough of to book ("the secnod on"): the agent asks back.
   */
  choice: number | null;
  /** Times the prospect named, resolved to instants in their zone. A point in time has end = start. */
  times: Interval[];
  /** IANA zone or fixed offset ("UTC+2") the prospect mentioned explicitly, if any. */
  timeZone: string | null;
  /** People named as the right contact or as someone to include. */
  people: NamedPerson[];
  /** The question asked, in the prospect's words, when there is one (also alongside a pick). */
  question: string | null;
  /** ISO 639-1 code of the language the message is written in, when known. */
  language: string | null;
  /** Which engine produced this understanding. */
  engine: 'rules' | 'llm';
}

export interface OfferedTime {
  /** 1-based position as shown in the mail. */
  position: number;
  start: number;
  end: number;
}
