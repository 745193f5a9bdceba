/** The `team` section of campaigns.yaml: the people prospects can book. */
import { z } from 'zod';
import { quote } from '../issues.js';
import {
  caps, email, envName, hostId, isoDate, isoDateOrDateTime, pathSchema, strictObject, text, timeZone,
} from './primitives.js';
import { oneBufferForm, schedulingKeys, writtenRules } from './scheduling.js';
import type { DayWindow, WeeklyHours } from '../types.js';

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
  write_holds: z.boolean().default(false)
    .describe('Keep the times offered to a lead and held for them in holds_file, as tentative, free events.'),
  holds_file: pathSchema.optional()
    .describe('The .ics file the service writes the held times to (write_holds), relative to this file; a calendar app can subscribe to it.'),
}).superRefine((local, ctx) => {
  if (local.write_holds && local.holds_file === undefined) {
    ctx.addIssue({
      code: 'custom',
      path: ['holds_file'],
      message: 'is needed with write_holds on a local calendar: the .ics file the service keeps the held times in (the ics: files are only read)',
    });
  }
});

const oauthCredentials = strictObject({
  client_id_env: envName.describe('Environment variable holding the OAuth client id.'),
  client_secret_env: envName.describe('Environment variable holding the OAuth client secret.'),
  refresh_token_env: envName.describe('Environment variable holding the rep\'s refresh token.'),
});

// Two shapes told apart by which key is present; one object with an "exactly one" rule words
// the mistakes better than a union would.
const googleCredentials = strictObject({
  service_account_key_file: pathSchema
    .optional()
    .describe('JSON key of a service account with domain-wide delegation; it acts as the rep.'),
  oauth: oauthCredentials.optional(),
}).superRefine((credentials, ctx) => {
  const given = [credentials.service_account_key_file, credentials.oauth].filter((c) => c !== undefined);
  if (given.length !== 1) {
    ctx.addIssue({
      code: 'custom',
      message: given.length === 0
        ? 'needs either service_account_key_file or oauth'
        : 'has both service_account_key_file and oauth; keep one',
    });
  }
});

const googleCalendar = strictObject({
  provider: z.literal('google'),
  calendar_id: text.optional().describe('Calendar to read and write; defaults to the rep\'s email.'),
  conference: z.boolean().default(false).describe('Add a Google Meet link to the meetings booked.'),
  write_holds: z.boolean().default(false)
    .describe('Show the times offered to a lead and held for them as tentative, free events on this calendar.'),
  credentials: googleCredentials,
});

const CALENDAR_PROVIDERS = ['local', 'google'];

const calendar = z
  .discriminatedUnion('provider', [localCalendar, googleCalendar], {
    error: (issue) => {
      const provider = (issue.input as { provider?: unknown } | undefined)?.provider;
      const allowed = `(one of: ${CALENDAR_PROVIDERS.join(', ')})`;
      return provider === undefined
        ? `is required ${allowed}`
        : `${quote(provider)} is not a calendar provider ${allowed}`;
    },
  })
  .prefault({ provider: 'local' });

// ---- the member -----------------------------------------------------------------------------

const timeOffPeriod = strictObject({
  from: isoDateOrDateTime.describe('First day, or first moment, away.'),
  until: isoDateOrDateTime.describe('Last day away (a whole day), or the moment of return.'),
});

export const teamMember = strictObject({
  id: hostId,
  name: text,
  email,
  time_zone: timeZone,
  working_hours: workingHours.describe(
    'Bookable hours per weekday in the rep\'s time zone, e.g. mon: ["09:00-12:00", "13:00-17:30"]. '
      + 'A day left out is a day off.',
  ),
  calendar: calendar.describe('Where the agent learns when the rep is busy.'),
  weight: z.number().positive().default(1)
    .describe('Share of round-robin meetings relative to the others; 2 gets twice as many as 1.'),
  caps: caps.describe('Most meetings the service books for this rep, over all campaigns.'),
  days_off: z.array(isoDate).default([])
    .describe('Whole days off in the rep\'s time zone, e.g. ["2026-12-24"].'),
  time_off: z.array(timeOffPeriod).default([])
    .describe('Out-of-office periods; dates and times without an offset are in the rep\'s time zone.'),
  scheduling: strictObject(schedulingKeys)
    .superRefine(oneBufferForm)
    .transform(writtenRules)
    .prefault({})
    .describe('The rep\'s own meeting length, notice, horizon and buffers; a campaign\'s meeting overrides each.'),
});
