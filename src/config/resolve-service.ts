/** The resolved `service` section: absolute paths, secrets and endpoints from the environment. */
import { dirname, join, resolve } from 'node:path';
import { secret } from './env-references.js';
import type { EnvSettings } from './overrides.js';
import type { ConfigFile } from './schema/config-file.js';
import type { LlmConfig, ServiceConfig } from './types.js';

const DEFAULT_DATABASE_PATH = './data/campaign-agent.db';
const DEFAULT_GOOGLE_API_ROOT_URL = 'https://www.googleapis.com/';

type FileService = ConfigFile['service'];

export interface ServiceContext {
  baseDir: string;
  cwd: string;
  env: Record<string, string | undefined>;
  settings: EnvSettings;
  /** The ops address when the file names none: the first campaign's owner. */
  defaultPostmaster: string;
}

/** Unless the file names one, the outbox sits beside the database: one data folder to mount. */
export function defaultOutboxDir(databasePath: string): string {
  return join(dirname(databasePath), 'outbox');
}

export function toService(service: FileService, context: ServiceContext): ServiceConfig {
  const { baseDir, cwd, env, settings } = context;
  const domain = service.domain.toLowerCase();
  const path = (written: string | undefined, fallback: string) =>
    written === undefined ? resolve(cwd, fallback) : resolve(baseDir, written);
  const database = typeof service.database === 'string' ? { path: service.database } : (service.database ?? {});
  const databasePath = path(database.path, DEFAULT_DATABASE_PATH);
  const fileDatabaseUrl = database.url_env === undefined ? null : secret(env, database.url_env);
  const { smtp, http } = service;
  const fileToken = http.access_token_env === undefined ? null : secret(env, http.access_token_env);
  return {
    domain,
    servedDomains: [...new Set([domain, ...service.other_domains.map((other) => other.toLowerCase())])],
    postmaster: service.postmaster ?? context.defaultPostmaster,
    smtp: {
      host: smtp.host,
      port: smtp.port,
      maxMessageBytes: smtp.max_message_bytes,
      maxRecipients: smtp.max_recipients,
      maxConnections: smtp.max_connections,
      maxConnectionsPerIp: smtp.max_connections_per_ip,
      maxConnectionsPerIpPerMinute: smtp.max_connections_per_ip_per_minute,
      idleTimeoutSeconds: smtp.idle_timeout_seconds,
      sessionTimeoutSeconds: smtp.session_timeout_seconds,
      dataTimeoutSeconds: smtp.data_timeout_seconds,
      tls: smtp.tls ? { keyFile: resolve(baseDir, smtp.tls.key), certFile: resolve(baseDir, smtp.tls.cert) } : null,
      users: smtp.users.map((user) => ({ username: user.username, password: secret(env, user.password_env) })),
    },
    http: {
      host: http.host,
      port: http.port,
      accessToken: settings.httpAccessToken ?? fileToken,
      publicUrl: settings.publicUrl ?? null,
      outcomeSecret: settings.outcomeLinkSecret ?? null,
    },
    databasePath,
    databaseUrl: settings.databaseUrl ?? fileDatabaseUrl,
    outboxDir: service.outbox_dir === undefined ? defaultOutboxDir(databasePath) : resolve(baseDir, service.outbox_dir),
    outboundSmtpUrl: service.outbound_smtp_url ?? null,
    llm: toLlm(service.llm, settings),
    retention: { messagesDays: service.retention.messages_days ?? null },
    googleApiRootUrl: withTrailingSlash(settings.googleApiRootUrl ?? DEFAULT_GOOGLE_API_ROOT_URL),
  };
}

/** The file only tunes the LLM; whether there is one at all is the environment's decision. */
function toLlm(llm: FileService['llm'], settings: EnvSettings): LlmConfig | null {
  const { openaiApiKey, openaiBaseUrl } = settings;
  if (openaiApiKey === undefined && openaiBaseUrl === undefined) return null;
  return {
    apiKey: openaiApiKey ?? null,
    baseUrl: openaiBaseUrl ?? null,
    model: settings.openaiModel ?? llm.model,
    timeoutMs: Math.round(llm.timeout_seconds * 1000),
    tokenBudgetPerConversation: llm.token_budget_per_conversation,
    phraseReplies: llm.phrase_replies,
  };
}

// Google's client libraries join paths onto the root, so "http://fake:9000" must end in "/".
function withTrailingSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}
