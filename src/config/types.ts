/** The resolved, validated configuration the rest of the service works with. */
import type { WebhookEvent } from './webhook-events.js';

/** ISO weekday: 1 = Monday ... 7 = Sunday (luxon's numbering). */
export type Weekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

/** Minutes after local midnight, e.g. 09:30 -> 570. */
export interface DayWindow {
  startMinute: number;
  endMinute: number;
}

export type WeeklyHours = Record<Weekday, DayWindow[]>;

/**
 * How the service signs in to Google for one rep. Secrets never sit in the YAML: the file names
 * the environment variable (or key file) that holds them.
 */
export type GoogleCredentials =
  /** A service account with domain-wide delegation, impersonating `subject` (the rep). */
  | { kind: 'service_account'; keyFile: string; subject: string }
  /** A per-rep OAuth refresh token (installed/web app client). */
  | { kind: 'oauth'; clientId: string; clientSecret: string; refreshToken: string };

export type CalendarConfig =
  | {
      provider: 'local';
      icsFiles: string[];
      /** Where the times held for leads are written (write_holds), or null when they are not. */
      holdsFile: string | null;
    }
  | {
      provider: 'google';
      /** Usually the rep's email; "primary" works with OAuth. */
      calendarId: string;
      credentials: GoogleCredentials;
      /** Add a Google Meet link to events the service creates. */
      conference: boolean;
      /** Times held for leads appear on the calendar as tentative, transparent events. */
      writeHolds: boolean;
    };

/**
 * When a rep's meetings can be: set per rep (team[].scheduling), overridden per campaign (meeting),
 * built-in defaults for what neither sets. scheduling-rules.ts resolves them per rep and campaign.
 */
export interface SchedulingRules {
  durationMinutes: number;
  /** Offered starts lie on this grid within working hours. */
  slotStepMinutes: number;
  /** No meeting starts sooner than this after now. */
  minNoticeMinutes: number;
  /** No meeting starts this many days or more after now. */
  horizonDays: number;
  /** Kept clear of busy time before a meeting. */
  bufferBeforeMinutes: number;
  /** Kept clear of busy time after a meeting. */
  bufferAfterMinutes: number;
}

/** Caps on meetings the service books; null = no cap. */
export interface MeetingCaps {
  perDay: number | null;
  perWeek: number | null;
}

export interface HostConfig {
  id: string;
  name: string;
  email: string;
  timeZone: string;
  workingHours: WeeklyHours;
  calendar: CalendarConfig;
  /** Share of round-robin meetings relative to the others (default 1). */
  weight: number;
  /** Caps over everything the service books for this rep. */
  caps: MeetingCaps;
  /** Whole days off (holidays, blackout dates) as ISO dates in the rep's zone, e.g. "2026-12-24". */
  daysOff: string[];
  /** Out-of-office periods, epoch ms. */
  timeOff: Array<{ start: number; end: number }>;
  /** The rules this rep set for their meetings; campaigns may override each. */
  scheduling: Partial<SchedulingRules>;
}

export const ROUTING_MODES = ['round_robin', 'collective', 'owner_first', 'priority', 'fixed_rotating'] as const;
export type RoutingMode = (typeof ROUTING_MODES)[number];

export interface RoutingConfig {
  mode: RoutingMode;
  /** owner_first: email domain (lower-case) -> host id. Free-mail domains never match. */
  accountOwners: Record<string, string>;
  /** owner_first: the mode that applies when the owner has no slot in the horizon. */
  fallbackMode: Exclude<RoutingMode, 'owner_first'>;
  /** priority: tiers of host ids, the first tier first. */
  tiers: string[][];
  /** fixed_rotating: the host who is in every meeting; the rest of the team rotates. */
  fixedHostId: string | null;
  /** round_robin: bookings are counted over this many days. */
  fairnessWindowDays: number;
  /** round_robin: whether cancelled meetings still count towards a rep's share. */
  countCancelled: boolean;
  /** round_robin: whether no-shows still count towards a rep's share. */
  countNoShows: boolean;
  /**
   * Wider pools (lists of host ids) tried in order when nobody in the campaign's team is free;
   * after the last, the conversation goes to the campaign owner by email.
   */
  fallbackPools: string[][];
  /** A reschedule stays with the same host (true) or may be routed again when they are not free. */
  rescheduleKeepsHost: boolean;
}

export interface MeetingConfig {
  title: string;
  /** The rules this campaign sets itself; each wins over the rep's own (see scheduling-rules.ts). */
  overrides: Partial<SchedulingRules>;
  /**
   * The longest horizon over every rep the campaign may book (team, account owners, fallback
   * pools): how far ahead calendars and the store must be read. Slots use each rep's own rules.
   */
  horizonDays: number;
  location: string | null;
  /** Caps per rep for this campaign alone (on top of the rep's own caps). */
  capsPerHost: MeetingCaps;
  /** Minutes before the meeting that a reminder goes to the prospect, largest first. */
  remindersBeforeMinutes: number[];
}

export interface FaqEntry {
  question: string;
  answer: string;
}

export interface CampaignConfig {
  /** The campaign address, lower-cased: the attribution of every lead that writes to it. */
  address: string;
  name: string;
  hostIds: string[];
  routing: RoutingConfig;
  timeZone: string;
  /** Host id of the person who takes conversations the agent cannot finish. */
  ownerId: string;
  meeting: MeetingConfig;
  /** Display name on the agent's mail, e.g. "Acme Scheduling". */
  senderName: string;
  /** A CRM or shared inbox that gets a copy of every inbound message. */
  forwardTo: string | null;
  /** What a failed SPF/DKIM/DMARC check means: keep a note, or let a person handle the thread. */
  onAuthenticationFailure: 'record' | 'hand_to_human';
  /** The only product facts the agent may state. */
  faq: FaqEntry[];
  /** Per-template text overrides, by template name (see agent/templates). */
  templates: Record<string, string>;
  /** One polite nudge after this many hours of silence; null = never. */
  followUpAfterHours: number | null;
  /** Minutes an offer's times are held for the lead (0: not held). */
  offerHoldMinutes: number;
  /** LLM model for this campaign (else the service default). */
  llmModel: string | null;
  /** Hard caps on agent mail, whatever the input. */
  limits: { messagesPerConversation: number; messagesPerSenderPerDay: number };
}

export interface SmtpConfig {
  host: string;
  port: number;
  maxMessageBytes: number;
  maxRecipients: number;
  maxConnections: number;
  /** Connections open at once from one client IP; below maxConnections. */
  maxConnectionsPerIp: number;
  /** Connections from one client IP per minute. */
  maxConnectionsPerIpPerMinute: number;
  idleTimeoutSeconds: number;
  /** Longest a session may last; a message in flight still finishes. */
  sessionTimeoutSeconds: number;
  /** Longest one message may take from DATA to its final dot. */
  dataTimeoutSeconds: number;
  /** STARTTLS with this certificate; none = STARTTLS not offered. */
  tls: { keyFile: string; certFile: string } | null;
  /** Optional AUTH (an MX that forwards to the service); passwords from the environment. */
  users: Array<{ username: string; password: string }>;
}

export interface LlmConfig {
  apiKey: string | null;
  baseUrl: string | null;
  model: string;
  timeoutMs: number;
  /** Tokens one conversation may spend in total before the rules engine takes over. */
  tokenBudgetPerConversation: number;
  /** Let the model reword the template's reply (every fact checked); off by default: it doubles model calls. */
  phraseReplies: boolean;
}

export interface ServiceConfig {
  /** Domain used for Message-IDs and invite UIDs. */
  domain: string;
  /** Every domain whose mail comes here: `domain` first, then `other_domains`; campaign addresses are on these. */
  servedDomains: string[];
  /** Ops address: postmaster@ and abuse@ of the served domains, and campaign-less failures, go here. */
  postmaster: string;
  smtp: SmtpConfig;
  /**
   * accessToken: required to listen on anything but loopback; guards message bodies.
   * publicUrl + outcomeSecret (env PUBLIC_URL, OUTCOME_LINK_SECRET): reps' briefs carry signed
   * links that record a meeting's outcome; without both, the links are left out.
   */
  http: { host: string; port: number; accessToken: string | null; publicUrl: string | null; outcomeSecret: string | null };
  databasePath: string;
  /**
   * A postgres:// URL (env DATABASE_URL, or the variable service.database.url_env names): the
   * PostgreSQL engine, shared by many nodes; null: the SQLite file at databasePath.
   */
  databaseUrl: string | null;
  outboxDir: string;
  outboundSmtpUrl: string | null;
  /** Null when neither OPENAI_API_KEY nor OPENAI_BASE_URL is set: the rules engine runs alone. */
  llm: LlmConfig | null;
  /** Root of the Google APIs (GOOGLE_API_ROOT_URL), for tests and proxies. */
  googleApiRootUrl: string;
  /** messagesDays: bodies and text of older messages are purged; null keeps them. */
  retention: { messagesDays: number | null };
}

export interface WebhookEndpoint {
  url: string;
  /** whsec_… (checked when the configuration loads). */
  secret: string;
  events: readonly WebhookEvent[];
}

export interface Config {
  /** Absolute path of the YAML file the configuration came from. */
  file: string;
  service: ServiceConfig;
  hosts: HostConfig[];
  campaigns: CampaignConfig[];
  integrations: { webhooks: WebhookEndpoint[] };
}
