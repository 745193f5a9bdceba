import type { Interval } from '../core/interval.js';
import type { HostConfig } from '../config/types.js';

/** An event the service puts on a host's calendar. Times are epoch ms (UTC). */
export interface CalendarEvent {
  /** Stable id chosen by the service (the invite UID), so a retried create never makes a second event. */
  uid: string;
  sequence: number;
  start: number;
  end: number;
  summary: string;
  description: string;
  location: string | null;
  organizer: { name: string; email: string };
  attendees: Array<{ name: string | null; email: string }>;
  /**
   * A time held for a lead, not a meeting: tentative, shown free (so free/busy, ours included,
   * ignores it), and nobody is invited.
   */
  hold?: boolean;
  /** Written without telling anyone (no invitation, update or cancellation mail): a forgotten person taken off the event. */
  quiet?: boolean;
}

/** Typed failure of a calendar adapter; `code` says what went wrong for the edge mappers. */
export class CalendarError extends Error {
  constructor(
    readonly code: 'unreachable' | 'invalid_data' | 'not_found',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'CalendarError';
  }
}

/**
 * The narrow port every calendar backend implements. Free/busy only: a provider never
 * returns titles or attendees of existing events.
 */
export interface CalendarProvider {
  /** Busy intervals of the host that overlap the window, merged and sorted. */
  busy(host: HostConfig, window: Interval): Promise<Interval[]>;
  /** Creates (or, for the same uid, idempotently re-creates) the event. */
  createEvent(host: HostConfig, event: CalendarEvent): Promise<void>;
  updateEvent(host: HostConfig, event: CalendarEvent): Promise<void>;
  cancelEvent(host: HostConfig, event: CalendarEvent): Promise<void>;
}
