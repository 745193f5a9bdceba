import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/**
 * Who may read what. Without a configured token the server only ever listens on loopback (the
 * config loader refuses anything else), and everyone who can connect reads the numbers, but no
 * message bodies. With a token, every request needs it (health checks excepted) and bodies
 * are shown to those who present it: `Authorization: Bearer TOKEN`, or `?token=TOKEN` once,
 * which leaves a session cookie so the links on the page keep working.
 */
export type Access =
  | { allowed: false }
  | { allowed: true; bodies: boolean; via: 'open' | 'header' | 'query' | 'cookie' };

const SESSION_COOKIE = 'campaign_agent_session';

export function checkAccess(request: IncomingMessage, url: URL, token: string | null): Access {
  if (token === null) return { allowed: true, bodies: false, via: 'open' };
  const bearer = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
  if (bearer !== undefined) return sameSecret(bearer, token) ? { allowed: true, bodies: true, via: 'header' } : { allowed: false };
  const query = url.searchParams.get('token');
  if (query !== null) return sameSecret(query, token) ? { allowed: true, bodies: true, via: 'query' } : { allowed: false };
  const cookie = cookies(request.headers.cookie)[SESSION_COOKIE];
  if (cookie !== undefined && sameSecret(cookie, sessionValue(token))) return { allowed: true, bodies: true, via: 'cookie' };
  return { allowed: false };
}

/**
 * The cookie holds a value derived from the token rather than the token itself. HttpOnly and
 * SameSite=Strict: no script reads it and no other site's link or form carries it.
 */
export function sessionCookie(token: string): string {
  return `${SESSION_COOKIE}=${sessionValue(token)}; Path=/; HttpOnly; SameSite=Strict`;
}

function sessionValue(token: string): string {
  return createHmac('sha256', token).update('campaign-agent web session').digest('base64url');
}

/** Compares digests so neither the length nor the content of the secret leaks through timing. */
function sameSecret(presented: string, expected: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(presented), digest(expected));
}

function cookies(header: string | undefined): Record<string, string> {
  const jar: Record<string, string> = {};
  for (const part of (header ?? '').split(';')) {
    const index = part.indexOf('=');
    if (index > 0) jar[part.slice(0, index).trim()] = part.slice(index + 1).trim();
  }
  return jar;
}
