import type { OfferedTime, Understanding } from '../core/understanding.js';
import type { Interval } from '../core/interval.js';

export interface UnderstandingContext {
  /** The new text the prospect wrote (quoted history and hidden HTML already removed). */
  text: string;
  /** The instant the message was received, epoch ms; relative words ("tomorrow") resolve from it. */
  now: number;
  /** Zone the prospect's times are read in when they do not name one. */
  timeZone: string;
  /** The times last offered in this conversation, in the order shown. */
  offered: OfferedTime[];
  /** The meeting already booked in this conversation, if any (so "can we move it?" makes sense). */
  booked?: Interval | null;
}

/** One interface for every engine: the rules engine and the LLM. */
export interface Understander {
  understand(context: UnderstandingContext): Promise<Understanding>;
}
