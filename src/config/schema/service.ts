/** The `service` section of campaigns.yaml: how the service runs. */
import { z } from 'zod';
import { quote } from '../issues.js';
import {
  email, envName, hostSchema, pathSchema, portSchema, positiveWholeNumber, smtpUrlSchema, strictObject, text, wholeNumber,
} from './primitives.js';

const smtpUser = strictObject({
  username: text,
  password_env: envName.describe('Environment variable holding this user\'s password.'),
});

// A tenth of the default max_connections: filling the listener takes ten addresses. Lowered
// below a smaller max_connections, so one address never takes every connection.
const DEFAULT_CONNECTIONS_PER_IP = 10;

const smtp = strictObject({
  host: hostSchema.default('127.0.0.1'),
  port: portSchema.default(2525),
  max_message_bytes: z.int().positive().default(10 * 1024 * 1024),
  max_recipients: positiveWholeNumber.default(50).describe('Most RCPT TO per message.'),
  max_connections: positiveWholeNumber.default(100).describe('Most SMTP connections open at once.'),
  max_connections_per_ip: positiveWholeNumber.optional()
    .describe(`Most SMTP connections open at once from one client IP; below max_connections. Default ${DEFAULT_CONNECTIONS_PER_IP}, or max_connections - 1 if that is less.`),
  max_connections_per_ip_per_minute: positiveWholeNumber.default(60)
    .describe('Most new connections from one client IP per minute.'),
  idle_timeout_seconds: wholeNumber(1, 3600).default(300)
    .describe('A connection idle this long is closed.'),
  // Past Postfix's 300 s limit on reusing a connection, so a forwarding MX is never cut mid-reuse.
  session_timeout_seconds: wholeNumber(1, 86_400).default(600)
    .describe('A connection open this long is closed, once the message it is sending (if any) is answered.'),
  // A full 10 MiB message in 300 s is 35 KB/s: slow links get through, a drip does not.
  data_timeout_seconds: wholeNumber(1, 3600).default(300)
    .describe('A message not received in full this long after DATA is dropped, and its connection closed.'),
  tls: strictObject({
    key: pathSchema.describe('PEM private key, relative to this file.'),
    cert: pathSchema.describe('PEM certificate chain, relative to this file.'),
  }).optional().describe('Offer STARTTLS with this key and certificate.'),
  users: z.array(smtpUser).default([])
    .describe('Accounts allowed to AUTH (e.g. an MX forwarding to the service).'),
}).superRefine((smtp, ctx) => {
  const perIp = smtp.max_connections_per_ip;
  if (perIp !== undefined && perIp >= smtp.max_connections) {
    ctx.addIssue({
      code: 'custom',
      path: ['max_connections_per_ip'],
      message: `${perIp} must be below max_connections (${smtp.max_connections}), so that one address cannot take every connection`,
    });
  }
}).transform((smtp) => ({
  ...smtp,
  max_connections_per_ip: smtp.max_connections_per_ip
    ?? Math.max(1, Math.min(DEFAULT_CONNECTIONS_PER_IP, smtp.max_connections - 1)),
}));

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

const retention = strictObject({
  messages_days: wholeNumber(1, 36_500).optional()
    .describe('Message bodies and text older than this many days are deleted (hourly); leads, meetings and counts stay. Default: kept.'),
});

export const service = strictObject({
  domain: z
    .hostname({ error: (issue) => `${quote(issue.input)} is not a host name` })
    .describe('Domain of the campaign addresses, used in Message-IDs and invites.'),
  other_domains: z.array(z.hostname({ error: (issue) => `${quote(issue.input)} is not a host name` })).default([])
    .describe('Other domains whose mail (MX) comes to this service; campaign addresses may be on any of them.'),
  postmaster: email.optional()
    .describe('Where mail to postmaster@ and abuse@ of the served domains, and messages the pipeline could not handle, go. Default: the first campaign\'s owner.'),
  smtp: smtp.prefault({}),
  http: http.prefault({}),
  // No defaults here: a path written in the file is relative to the file, a default to the cwd.
  database: z.union([
    pathSchema,
    strictObject({
      path: pathSchema.optional().describe('The SQLite file, relative to this file (the embedded default engine).'),
      url_env: envName.optional()
        .describe('Environment variable holding a postgres:// URL: the PostgreSQL engine, for many listeners and workers on one database. DATABASE_URL wins over it.'),
    }),
  ]).optional()
    .describe('The SQLite file (a path), or { path, url_env }. DATABASE_URL (a postgres:// URL) wins over both and selects PostgreSQL.'),
  outbox_dir: pathSchema.optional(),
  outbound_smtp_url: smtpUrlSchema.nullable().optional(),
  llm: llm.prefault({}).describe('Used only when OPENAI_API_KEY or OPENAI_BASE_URL is set.'),
  retention: retention.prefault({}),
});
