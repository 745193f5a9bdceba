/** The resolved `team` section: calendars with their credentials, time off as instants. */
import { resolve } from 'node:path';
import { secret } from './env-references.js';
import type { ConfigFile } from './schema/config-file.js';
import { timeOffBound } from './time-off.js';
import type { CalendarConfig, GoogleCredentials, HostConfig } from './types.js';

type FileMember = ConfigFile['team'][number];
type FileCalendar = FileMember['calendar'];
type FileCredentials = Extract<FileCalendar, { provider: 'google' }>['credentials'];

export interface TeamContext {
  baseDir: string;
  env: Record<string, string | undefined>;
}

export function toHost(member: FileMember, context: TeamContext): HostConfig {
  const zone = member.time_zone;
  return {
    id: member.id,
    name: member.name,
    email: member.email,
    timeZone: zone,
    workingHours: member.working_hours,
    calendar: toCalendar(member, member.calendar, context),
    weight: member.weight,
    caps: member.caps,
    daysOff: member.days_off,
    timeOff: member.time_off.map((period) => ({
      start: timeOffBound(period.from, zone, 'from'),
      end: timeOffBound(period.until, zone, 'until'),
    })),
    scheduling: member.scheduling,
  };
}

function toCalendar(member: FileMember, calendar: FileCalendar, context: TeamContext): CalendarConfig {
  if (calendar.provider === 'local') {
    return {
      provider: 'local',
      icsFiles: calendar.ics.map((file) => resolve(context.baseDir, file)),
      holdsFile: calendar.write_holds && calendar.holds_file !== undefined ? resolve(context.baseDir, calendar.holds_file) : null,
    };
  }
  return {
    provider: 'google',
    calendarId: calendar.calendar_id ?? member.email,
    credentials: toCredentials(member, calendar.credentials, context),
    conference: calendar.conference,
    writeHolds: calendar.write_holds,
  };
}

function toCredentials(member: FileMember, credentials: FileCredentials, context: TeamContext): GoogleCredentials {
  const { oauth, service_account_key_file: keyFile } = credentials;
  if (oauth) {
    return {
      kind: 'oauth',
      clientId: secret(context.env, oauth.client_id_env),
      clientSecret: secret(context.env, oauth.client_secret_env),
      refreshToken: secret(context.env, oauth.refresh_token_env),
    };
  }
  // The schema lets exactly one of the two through.
  if (keyFile === undefined) throw new Error(`internal: ${member.id} has no Google credentials`);
  return { kind: 'service_account', keyFile: resolve(context.baseDir, keyFile), subject: member.email };
}
