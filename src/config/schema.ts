/**
 * The shape of campaigns.yaml as marketers write it (snake_case), and its normalisation into
 * values the resolver can use. Cross-references between sections (team ids, duplicates, files
 * on disk) are checked in references.ts, because they must be reported even when the structure
 * has errors elsewhere, which a zod refinement on the whole document would not do.
 */
import { IANAZone } from 'luxon';
import { z } from 'zod';
import { quote, unknownKeyMessage } from './issues.js';
import { ROUTING_MODES, type DayWindow, type WeeklyHours } from './types.js';

/**
 * An object whose unknown keys are errors, one issue per key at the key's own path, so each can
 * be reported at its line with a suggestion. (zod's strictObject lumps them into one issue.)
 */
function strictObject<T extends z.core.$ZodLooseShape>(shape: T) {
  const allowed = Object.keys(shape);
  const unknownKey = z.unknown().refine(() => false, {
    params: { unknownKey: true },
    error: (issue) => unknownKeyMessage(issue.path ?? [], allowed),
  });
  return z.object(shape).catchall(unknownKey);
}

const text = z.string().trim().min(1, 'must not be empty');

function wholeNumber(min: number, max: number) {
  return z
    .int({ error: (issue) => `${quote(issue.input)} is not a whole number from ${min} to ${max}` })
    .min(min)
    .max(max);
}

export const portSchema = z.int({
  error: (issue) => `${quote(issue.input)} is not a port number (0-65535)`,
}).min(0).max(65535);

export const hostSchema = text;

export const pathSchema = text;

export const smtpUrlSchema = z.string().refine(isSmtpUrl, {
  error: (issue) => `${quote(issue.input)} is not an smtp:// or smtps:// URL`,
});

function isSmtpUrl(value: string): boolean {
  return URL.canParse(value) && ['smtp:', 'smtps:'].includes(new URL(value).protocol);
}

const timeZone = z.string().refine((zone) => IANAZone.isValidZone(zone), {
  error: (issue) => `${quote(issue.input)} is not a valid IANA time zone`,
});

const lowerCase = (address: string) => address.toLowerCase();

const email = z.email().transform(lowerCase);

const campaignAddress = z
  .email()
  .refine((address) => !address.split('@')[0]?.includes('+'), {
    error: (issue) => `${quote(issue.input)} must not contain "+" (it is reserved for reply tokens)`,
  })
  .transform(lowerCase);

const hostId = z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, {
  error: (issue) =>
    `${quote(issue.input)} is not a valid id `
    + '(lower-case letters, digits, "-" and "_", starting with a letter or digit)',
});

// ---- working hours -------------------------------------------------------------------------

const WINDOW_PATTERN = /^(?:[01]\d|2[0-3]):[0-5]\d-(?:(?:[01]\d|2[0-3]):[0-5]\d|24:00)$/;

function toDayWindow(window: string): DayWindow {
  const [start = '', end = ''] = window.split('-');
  return { startMinute: toMinute(start), endMinute: toMinute(end) };
}

function toMinute(time: string): number {
  const [hours = 0, minutes = 0] = time.split(':').map(Number);
  return hours * 60 + minutes;
}

function formatWindow({ startMinute, endMinute }: DayWindow): string {
  const time = (minute: number) =>
    `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
  return `${time(startMinute)}-${time(endMinute)}`;
}

const timeWindow = z
  .string()
  .regex(WINDOW_PATTERN, {
    error: (issue) => `${quote(issue.input)} is not a time window like "09:00-17:30"`,
  })
  .transform(toDayWindow)
  .refine((window) => window.startMinute < window.endMinute, {
    error: (issue) => `${quote(formatWindow(issue.input as DayWindow))} ends before it starts`,
  });

/** Reports each window that starts before an earlier-starting one has ended, at its own index. */
function rejectOverlaps(windows: DayWindow[], ctx: z.core.$RefinementCtx<DayWindow[]>): void {
  const byStart = windows
    .map((window, index) => ({ window, index }))
    .sort((a, b) => a.window.startMinute - b.window.startMinute);
  let latest = byStart[0];
  for (const current of byStart.slice(1)) {
    if (latest && current.window.startMinute < latest.window.endMinute) {
      ctx.addIssue({
        code: 'custom',
        path: [current.index],
        message: `${quote(formatWindow(current.window))} overlaps ${quote(formatWindow(latest.window))}`,
      });
    }
    if (!latest || current.window.endMinute > latest.window.endMinute) latest = current;
  }
}

// An omitted day, an empty list and an empty `mon:` all mean "not working that day".
const dayHours = z.array(timeWindow).superRefine(rejectOverlaps).nullable().optional();

const WEEKDAY_KEYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
type WeekdayKey = (typeof WEEKDAY_KEYS)[number];

function toWeeklyHours(days: Partial<Record<WeekdayKey, DayWindow[] | null>>): WeeklyHours {
  const day = (key: WeekdayKey) =>
    [...(days[key] ?? [])].sort((a, b) => a.startMinute - b.startMinute);
  return {
    1: day('mon'), 2: day('tue'), 3: day('wed'), 4: day('thu'), 5: day('fri'), 6: day('sat'), 7: day('sun'),
  };
}

const nineToFive = ['09:00-17:00'];

const workingHours = strictObject(
  Object.fromEntries(WEEKDAY_KEYS.map((key) => [key, dayHours])) as Record<WeekdayKey, typeof dayHours>,
)
  .transform(toWeeklyHours)
  .prefault({ mon: nineToFive, tue: nineToFive, wed: nineToFive, thu: nineToFive, fri: nineToFive });

// ---- calendars: one variant per provider, selected by `provider` ----------------------------

const localCalendar = strictObject({
  provider: z.literal('local'),
  ics: z
    .union([pathSchema, z.array(pathSchema)], {
      error: 'expected a file path or a list of file paths',
    })
    .transform((paths) => (typeof paths === 'string' ? [paths] : paths))
    .default([])
    .describe('iCalendar (.ics) file or files with the rep\'s busy times, relative to this file.'),
});

const CALENDAR_PROVIDERS = ['local'];

const calendar = z
  .discriminatedUnion('provider', [localCalendar], {
    error: (issue) => {
      const provider = (issue.input as { provider?: unknown } | undefined)?.provider;
      const allowed = `(one of: ${CALENDAR_PROVIDERS.join(', ')})`;
      return provider === undefined
        ? `is required ${allowed}`
        : `${quote(provider)} is not a calendar provider ${allowed}`;
    },
  })
  .prefault({ provider: 'local' });

// ---- sections -------------------------------------------------------------------------------

const teamMember = strictObject({
  id: hostId,
  name: text,
  email,
  time_zone: timeZone,
  working_hours: workingHours.describe(
    'Bookable hours per weekday in the rep\'s time zone, e.g. mon: ["09:00-12:00", "13:00-17:30"]. '
      + 'A day left out is a day off.',
  ),
  calendar: calendar.describe('Where the agent learns when the rep is busy.'),
});

const meeting = strictObject({
  title: text.default('Intro call'),
  duration_minutes: wholeNumber(5, 480).default(30),
  slot_step_minutes: wholeNumber(5, 240)
    .default(30)
    .describe('Offered start times are this many minutes apart.'),
  min_notice_hours: z.number().min(0).max(720)
    .default(4)
    .describe('Earliest a meeting can start, in hours from now.'),
  horizon_days: wholeNumber(1, 90).default(14).describe('How many days ahead meetings can be booked.'),
  buffer_minutes: wholeNumber(0, 240).default(0).describe('Free minutes kept between meetings.'),
  location: text.nullable().default(null),
});

const campaign = strictObject({
  address: campaignAddress,
  name: text,
  team: z.array(z.string()).min(1, 'must name at least one team member'),
  routing: z
    .enum(ROUTING_MODES, {
      error: (issue) =>
        `${quote(issue.input)} is not a routing mode (one of: ${ROUTING_MODES.join(', ')})`,
    })
    .default('round_robin'),
  time_zone: timeZone
    .optional()
    .describe('Time zone times are shown in; defaults to the first team member\'s.'),
  owner: z
    .string()
    .optional()
    .describe('Team id of who takes over when the agent cannot; defaults to the first team member.'),
  sender_name: text
    .optional()
    .describe('The "From" name prospects see; defaults to the campaign name.'),
  meeting: meeting.prefault({}),
});

const service = strictObject({
  domain: z
    .hostname({ error: (issue) => `${quote(issue.input)} is not a host name` })
    .describe('Domain of the campaign addresses, used in Message-IDs and invites.'),
  smtp: strictObject({
    host: hostSchema.default('127.0.0.1'),
    port: portSchema.default(2525),
    max_message_bytes: z.int().positive().default(10 * 1024 * 1024),
  }).prefault({}),
  http: strictObject({
    host: hostSchema.default('127.0.0.1'),
    port: portSchema.default(8080),
  }).prefault({}),
  // No defaults here: a path written in the file is relative to the file, a default to the cwd.
  database: pathSchema.optional(),
  outbox_dir: pathSchema.optional(),
  outbound_smtp_url: smtpUrlSchema.nullable().optional(),
});

export const configFileSchema = strictObject({
  service,
  team: z.array(teamMember).min(1, 'must list at least one team member'),
  campaigns: z.array(campaign).min(1, 'must list at least one campaign'),
});

export type ConfigFile = z.output<typeof configFileSchema>;
