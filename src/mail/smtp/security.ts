import { createHash, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { createSecureContext } from 'node:tls';
import type { SmtpConfig } from '../../config/types.js';

/** The configured certificate could not be used; the service must not start without it. */
export class SmtpTlsConfigError extends Error {
  readonly code = 'SMTP_TLS_CONFIG';
  constructor(message: string, options: { cause: unknown }) {
    super(message, options);
    this.name = 'SmtpTlsConfigError';
  }
}

export interface TlsCredentials {
  key: Buffer;
  cert: Buffer;
}

/**
 * Reads the key and certificate once, at start, and proves they form a usable pair, so a
 * missing file, a bad PEM or a mismatched key stops the start with a message naming the files
 * instead of failing the first client's STARTTLS.
 */
export function loadTlsCredentials(files: NonNullable<SmtpConfig['tls']>): TlsCredentials {
  const key = readPem(files.keyFile, 'key');
  const cert = readPem(files.certFile, 'certificate');
  try {
    createSecureContext({ key, cert });
  } catch (error) {
    throw new SmtpTlsConfigError(
      `SMTP TLS: key ${files.keyFile} and certificate ${files.certFile} are not a usable pair: ${messageOf(error)}`,
      { cause: error },
    );
  }
  return { key, cert };
}

function readPem(file: string, what: string): Buffer {
  try {
    return readFileSync(file);
  } catch (error) {
    throw new SmtpTlsConfigError(`SMTP TLS: cannot read the ${what} file ${file}: ${messageOf(error)}`, { cause: error });
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Checks a username and password against the configured users in time that does not depend
 * on where they differ: both sides are hashed to equal length for timingSafeEqual, and every
 * user is compared, so neither a near-miss password nor an existing username answers faster.
 */
export function createCredentialCheck(users: SmtpConfig['users']): (username: string, password: string) => boolean {
  const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();
  const known = users.map((user) => ({ username: digest(user.username), password: digest(user.password) }));
  return (username, password) => {
    const givenUser = digest(username);
    const givenPassword = digest(password);
    let match = false;
    for (const user of known) {
      const sameUser = timingSafeEqual(user.username, givenUser);
      const samePassword = timingSafeEqual(user.password, givenPassword);
      match = (sameUser && samePassword) || match;
    }
    return match;
  };
}

/** 127.0.0.0/8 and ::1 (smtp-server already strips the ::ffff: prefix of mapped IPv4). */
export function isLoopback(address: string): boolean {
  if (isIP(address) === 4) return address.startsWith('127.');
  return address === '::1';
}
