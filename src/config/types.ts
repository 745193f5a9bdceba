/** The resolved, validated configuration the rest of the service works with. */

/** ISO weekday: 1 = Monday ... 7 = Sunday (luxon's numbering). */
export type Weekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

/** Minutes after local midnight, e.g. 09:30 -> 570. */
export interface DayWindow {
  startMinute: number;
  endMinute: number;
}

export type WeeklyHours = Record<Weekday, DayWindow[]>;

export type CalendarConfig =
  | { provider: 'local'; icsFiles: string[] };

export interface HostConfig {
  id: string;
  name: string;
  email: string;
  timeZone: string;
  workingHours: WeeklyHours;
  calendar: CalendarConfig;
}

export const ROUTING_MODES = ['round_robin'] as const;
export type RoutingMode = (typeof ROUTING_MODES)[number];

export interface MeetingConfig {
  title: string;
  durationMinutes: number;
  slotStepMinutes: number;
  minNoticeMinutes: number;
  horizonDays: number;
  bufferMinutes: number;
  location: string | null;
}

export interface CampaignConfig {
  /** The campaign address, lower-cased: the attribution of every lead that writes to it. */
  address: string;
  name: string;
  hostIds: string[];
  routing: RoutingMode;
  timeZone: string;
  /** Host id of the person who takes conversations the agent cannot finish. */
  ownerId: string;
  meeting: MeetingConfig;
  /** Display name on the agent's mail, e.g. "Acme Scheduling". */
  senderName: string;
}

export interface ServiceConfig {
  /** Domain used for Message-IDs and invite UIDs. */
  domain: string;
  smtp: { host: string; port: number; maxMessageBytes: number };
  http: { host: string; port: number };
  databasePath: string;
  outboxDir: string;
  outboundSmtpUrl: string | null;
}

export interface Config {
  /** Absolute path of the YAML file the configuration came from. */
  file: string;
  service: ServiceConfig;
  hosts: HostConfig[];
  campaigns: CampaignConfig[];
}
