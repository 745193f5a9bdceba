import type { CalendarConfig, HostConfig } from '../config/types.js';
import type { CalendarProvider } from './provider.js';

export type CalendarRegistry = (host: HostConfig) => CalendarProvider;

/** Finds a host's calendar backend by the `provider:` name in its configuration. */
export function createCalendarRegistry(
  providers: { [Name in CalendarConfig['provider']]: CalendarProvider },
): CalendarRegistry {
  return (host) => providers[host.calendar.provider];
}
