/** The `service` section of campaigns.yaml: how the service runs. */
import { z } from 'zod';
import { quote } from '../issues.js';
import {
  envName, hostSchema, pathSchema, portSchema, positiveWholeNumber, smtpUrlSchema, strictObject, text, wholeNumber,
} from './primitives.js';

const smtpUser = strictObject({
  username: text,
  password_env: envName.describe('Environment variable holding this user\'s password.'),
});

const smtp = strictObject({
  host: hostSchema.default('127.0.0.1'),
  port: portSchema.default(2525),
  max_message_bytes: z.int().positive().default(10 * 1024 * 1024),
  max_recipients: positiveWholeNumber.default(50).describe('Most RCPT TO per message.'),
  max_connections: positiveWholeNumber.default(100).describe('Most SMTP connections open at once.'),
  max_connections_per_ip_per_minute: positiveWholeNumber.default(60)
    .describe('Most new connections from one client IP per minute.'),
  idle_timeout_seconds: wholeNumber(1, 3600).default(300)
    .describe('A connection idle this long is closed.'),
  tls: strictObject({
    key: pathSchema.describe('PEM private key, relative to this file.'),
    cert: pathSchema.describe('PEM certificate chain, relative to this file.'),
  }).optional().describe('Offer STARTTLS with this key and certificate.'),
  users: z.array(smtpUser).default([])
    .describe('Accounts allowed to AUTH (e.g. an MX forwarding to the service).'),
});

const http = strictObject({
  host: hostSchema.default('127.0.0.1'),
  port: portSchema.default(8080),
  access_token_env: envName.optional()
    .describe('Environment variable holding the bearer token the web API requires.'),
});

const llm = strictObject({
  model: text.default('gpt-4o-mini'),
  timeout_seconds: z.number().min(1).max(300).default(20).describe('Longest one model call may take.'),
  token_budget_per_conversation: positiveWholeNumber.default(20_000)
    .describe('Tokens one conversation may use before the rules engine answers alone.'),
  phrase_replies: z.boolean().default(false)
    .describe('Let the model reword replies; times, names and links are checked against the draft. Costs a second model call per reply.'),
});

export const service = strictObject({
  domain: z
    .hostname({ error: (issue) => `${quote(issue.input)} is not a host name` })
    .describe('Domain of the campaign addresses, used in Message-IDs and invites.'),
  smtp: smtp.prefault({}),
  http: http.prefault({}),
  // No defaults here: a path written in the file is relative to the file, a default to the cwd.
  database: pathSchema.optional(),
  outbox_dir: pathSchema.optional(),
  outbound_smtp_url: smtpUrlSchema.nullable().optional(),
  llm: llm.prefault({}).describe('Used only when OPENAI_API_KEY or OPENAI_BASE_URL is set.'),
});
