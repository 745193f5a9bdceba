import type { Logger } from 'pino';
import type { Config, HostConfig } from '../config/types.js';
import type { CalendarRegistry } from '../calendar/registry.js';
import type { CalendarEvent } from '../calendar/provider.js';
import { writeHoldFile } from '../calendar/local/hold-file.js';
import type { Hold } from '../core/holds.js';
import type { Store } from '../store/store.js';
import type { HoldEvent } from '../store/holds.js';

export interface HoldEventDeps {
  config: Config;
  store: Store;
  calendars: CalendarRegistry;
  logger: Logger;
}

/** What one sync did, for the log and tests. */
export interface HoldEventSync {
  written: number;
  removed: number;
  failed: number;
}

interface Wanted {
  event: HoldEvent;
  hold: Hold;
}

/**
 * Shows the times held for leads on the calendars of reps with `calendar.write_holds`. The store
 * says what should be there (committed holds not yet ended) and what was written; a sync writes
 * the missing events and removes the ones whose hold ended (a pick, a new offer, expiry). A
 * calendar that fails is left as it is and tried again on the next sync, so nothing is lost and
 * a hold event never outlives its hold by more than a sync or two.
 */
export async function syncHoldEvents(deps: HoldEventDeps, now: number): Promise<HoldEventSync> {
  const result: HoldEventSync = { written: 0, removed: 0, failed: 0 };
  for (const host of deps.config.hosts) {
    const { calendar } = host;
    const writes = calendar.provider === 'google' ? calendar.writeHolds : calendar.holdsFile !== null;
    if (!writes) continue;
    const wanted = new Map((await deps.store.holds.committed(host.id, now)).map((hold) => {
      const uid = holdUid(deps.config, host, hold);
      return [uid, { hold, event: { uid, hostId: host.id, conversationId: hold.conversationId, start: hold.start, end: hold.end } }];
    }));
    const onCalendar = await deps.store.holds.eventsOn(host.id);
    const stale = onCalendar.filter((written) => !wanted.has(written.uid));
    const present = new Set(onCalendar.map((event) => event.uid));
    const missing = [...wanted.values()].filter(({ event }) => !present.has(event.uid));
    if (stale.length === 0 && missing.length === 0) continue;
    try {
      if (calendar.provider === 'local' && calendar.holdsFile !== null) {
        const events = await Promise.all([...wanted.values()].map(({ event, hold }) => calendarEvent(deps, host, event, hold)));
        await writeHoldFile(calendar.holdsFile, events, now);
        for (const event of stale) await deps.store.holds.eventRemoved(event.uid);
        for (const { event } of missing) await deps.store.holds.eventWritten(event, now);
        result.removed += stale.length;
        result.written += missing.length;
      } else {
        await syncEvents(deps, host, stale, missing, now, result);
      }
    } catch (error) {
      result.failed++;
      deps.logger.warn({ err: error, host: host.id }, 'writing held times to the calendar failed; tried again on the next sync');
    }
  }
  return result;
}

/** One event at a time, each recorded as soon as the calendar has it, so a failure part way loses nothing. */
async function syncEvents(deps: HoldEventDeps, host: HostConfig, stale: HoldEvent[], missing: Wanted[], now: number, result: HoldEventSync): Promise<void> {
  const calendar = deps.calendars(host);
  for (const event of stale) {
    await calendar.cancelEvent(host, await calendarEvent(deps, host, event));
    await deps.store.holds.eventRemoved(event.uid);
    result.removed++;
  }
  for (const { event, hold } of missing) {
    await calendar.createEvent(host, await calendarEvent(deps, host, event, hold));
    await deps.store.holds.eventWritten(event, now);
    result.written++;
  }
}

/**
 * One event per held time and rep, new for every offer (a released hold's event stays deleted on
 * Google, so a time offered again needs an id of its own).
 */
function holdUid(config: Config, host: HostConfig, hold: Hold): string {
  return `hold-${hold.conversationId}-${host.id}-${hold.start}-${hold.heldAt}@${config.service.domain}`;
}

/** Says what the time is held for, never who the lead is: a calendar is seen by more people than the rep. */
async function calendarEvent(deps: HoldEventDeps, host: HostConfig, event: HoldEvent, hold?: Hold): Promise<CalendarEvent> {
  const conversation = await deps.store.conversations.byId(event.conversationId);
  const campaign = deps.config.campaigns.find((candidate) => candidate.address === conversation?.campaign);
  const title = campaign ? `${campaign.meeting.title} (${campaign.name})` : 'a meeting';
  const until = hold ? ` until ${new Date(hold.expiresAt).toISOString()}` : '';
  const details = conversation ? ` Details: campaign-agent explain ${conversation.leadId}` : '';
  return {
    uid: event.uid,
    sequence: 0,
    start: event.start,
    end: event.end,
    summary: `Held: ${title}`,
    description: `Offered to a lead and held for them${until}; it goes away when they pick a time, decline or the hold ends. `
      + `Shown as free: the service no longer offers this time to anyone else.${details}`,
    location: null,
    organizer: { name: host.name, email: host.email },
    attendees: [],
    hold: true,
  };
}
