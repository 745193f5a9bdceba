/**
 * Secrets are named in the file by the environment variable that holds them; each named variable
 * must be set when the configuration is loaded, so a missing secret stops the start, not the
 * first booking.
 */
import { quote, type PathIssue, type PathSegment } from './issues.js';
import { asEntry, asList, nodeAt, valueIssue } from './raw.js';
import { envName } from './schema/primitives.js';

const OAUTH_KEYS = ['client_id_env', 'client_secret_env', 'refresh_token_env'];

export function checkEnvironment(raw: unknown, env: Record<string, string | undefined>): PathIssue[] {
  return envReferences(raw).flatMap((path) => {
    const parsed = envName.safeParse(nodeAt(raw, path));
    if (!parsed.success) return [];
    const name = parsed.data;
    const value = env[name];
    if (value === undefined) return [valueIssue(path, `environment variable ${quote(name)} is not set`)];
    if (value === '') return [valueIssue(path, `environment variable ${quote(name)} is empty`)];
    if (path[0] === 'integrations' && !isWebhookSecret(value)) {
      return [valueIssue(path, `environment variable ${quote(name)} must hold a webhook secret: whsec_ followed by base64 of at least 24 bytes`)];
    }
    return [];
  });
}

/** Standard Webhooks secrets: whsec_ and the key in base64 (24 to 64 bytes, as the spec advises). */
function isWebhookSecret(value: string): boolean {
  const match = /^whsec_([A-Za-z0-9+/]+={0,2})$/.exec(value);
  if (!match) return false;
  const bytes = Buffer.from(match[1]!, 'base64').length;
  return bytes >= 24 && bytes <= 64;
}

/** The value of a variable checkEnvironment has vouched for. */
export function secret(env: Record<string, string | undefined>, name: string): string {
  const value = env[name];
  if (value === undefined || value === '') throw new Error(`internal: ${name} was not checked`);
  return value;
}

function envReferences(raw: unknown): PathSegment[][] {
  const users = asList(nodeAt(raw, ['service', 'smtp', 'users']))
    .map((_, index): PathSegment[] => ['service', 'smtp', 'users', index, 'password_env']);
  // Credentials under another provider are an unknown key already; their variables do not matter.
  const oauth = asList(asEntry(raw)?.['team']).flatMap((member, index) =>
    nodeAt(member, ['calendar', 'provider']) === 'google'
      ? OAUTH_KEYS.map((key): PathSegment[] => ['team', index, 'calendar', 'credentials', 'oauth', key])
      : [],
  );
  const webhooks = asList(nodeAt(raw, ['integrations', 'webhooks'])).map((_, index): PathSegment[] => ['integrations', 'webhooks', index, 'secret_env']);
  return [['service', 'http', 'access_token_env'], ['service', 'database', 'url_env'], ...users, ...oauth, ...webhooks];
}
