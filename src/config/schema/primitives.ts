/** Building blocks of the campaigns.yaml schema, each with the wording marketers see. */
import { IANAZone } from 'luxon';
import { z } from 'zod';
import { quote } from '../issues.js';
import { isIsoDate, isIsoDateOrDateTime } from '../time-off.js';

/**
 * An object whose unknown keys are errors, one issue per key at the key's own path, so each can
 * be reported at its line with a suggestion. (zod's strictObject lumps them into one issue.) The
 * message is worded in validate.ts, which knows the full path even inside a union.
 */
export function strictObject<T extends z.core.$ZodLooseShape>(shape: T) {
  const allowed = Object.keys(shape);
  const unknownKey = z.unknown().refine(() => false, { params: { unknownKey: true, allowed } });
  return z.object(shape).catchall(unknownKey);
}

export const text = z.string().trim().min(1, 'must not be empty');

export function wholeNumber(min: number, max: number) {
  return z
    .int({ error: (issue) => `${quote(issue.input)} is not a whole number from ${min} to ${max}` })
    .min(min)
    .max(max);
}

export const positiveWholeNumber = z.int({
  error: (issue) => `${quote(issue.input)} is not a whole number of 1 or more`,
}).positive();

export const portSchema = z.int({
  error: (issue) => `${quote(issue.input)} is not a port number (0-65535)`,
}).min(0).max(65535);

export const hostSchema = text;

export const pathSchema = text;

export const smtpUrlSchema = urlWithProtocols(['smtp:', 'smtps:']);

export const httpUrlSchema = urlWithProtocols(['http:', 'https:']);

/** Never quoted back in an error: the URL may carry the database password. */
export const postgresUrlSchema = z.string().refine(
  (value) => URL.canParse(value) && ['postgres:', 'postgresql:'].includes(new URL(value).protocol),
  { error: 'is not a postgres:// or postgresql:// URL (the value is not shown: it may hold a password)' },
);

function urlWithProtocols(protocols: string[]) {
  const names = protocols.map((protocol) => `${protocol}//`).join(' or ');
  return z.string().refine(
    (value) => URL.canParse(value) && protocols.includes(new URL(value).protocol),
    { error: (issue) => `${quote(issue.input)} is not an ${names} URL` },
  );
}

export const timeZone = z.string().refine((zone) => IANAZone.isValidZone(zone), {
  error: (issue) => `${quote(issue.input)} is not a valid IANA time zone`,
});

const lowerCase = (address: string) => address.toLowerCase();

export const email = z.email().transform(lowerCase);

export const campaignAddress = z
  .email()
  .refine((address) => !address.split('@')[0]?.includes('+'), {
    error: (issue) => `${quote(issue.input)} must not contain "+" (it is reserved for reply tokens)`,
  })
  .transform(lowerCase);

export const hostId = z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, {
  error: (issue) =>
    `${quote(issue.input)} is not a valid id `
    + '(lower-case letters, digits, "-" and "_", starting with a letter or digit)',
});

/** Secrets stay out of the file: it names the environment variable that holds them. */
export const envName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, {
  error: (issue) => `${quote(issue.input)} is not an environment variable name (letters, digits and "_")`,
});

export const isoDate = z.string().refine(isIsoDate, {
  error: (issue) => `${quote(issue.input)} is not a date like "2026-12-24"`,
});

export const isoDateOrDateTime = z.string().refine(isIsoDateOrDateTime, {
  error: (issue) =>
    `${quote(issue.input)} is not a date like "2026-12-24" or a date and time like "2026-12-24T13:00"`,
});

/** Meetings the service books, per day and per week; a cap left out is no cap. */
export const caps = strictObject({
  per_day: positiveWholeNumber.optional().describe('At most this many meetings per day.'),
  per_week: positiveWholeNumber.optional().describe('At most this many meetings per week.'),
})
  .transform((written) => ({ perDay: written.per_day ?? null, perWeek: written.per_week ?? null }))
  .prefault({});

/** The key that signs reps' outcome links: long enough that it cannot be guessed. */
export const outcomeSecretSchema = z.string().min(16, { error: 'must be at least 16 characters' });
