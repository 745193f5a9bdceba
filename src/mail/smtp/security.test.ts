import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createCredentialCheck, isLoopback, loadTlsCredentials, SmtpTlsConfigError } from './security.js';
import { makeTestCertificate } from '../../../test/support/tls-cert.js';

describe('SMTP credentials', () => {
  const check = createCredentialCheck([
    { username: 'mx', password: 's3cret' },
    { username: 'backup-mx', password: 'other' },
  ]);

  it('accepts exactly a configured username with its own password', () => {
    expect(check('mx', 's3cret')).toBe(true);
    expect(check('backup-mx', 'other')).toBe(true);
    expect(check('mx', 'other')).toBe(false);
    expect(check('mx', 's3cret ')).toBe(false);
    expect(check('MX', 's3cret')).toBe(false);
    expect(check('nobody', '')).toBe(false);
  });

  it('accepts nobody when no users are configured', () => {
    expect(createCredentialCheck([])('', '')).toBe(false);
  });
});

describe('loopback addresses', () => {
  it.each([
    ['127.0.0.1', true],
    ['127.1.2.3', true],
    ['::1', true],
    ['10.0.0.1', false],
    ['192.0.2.127', false],
    ['::ffff:127.0.0.1', false],
    ['2001:db8::1', false],
  ])('%s → %s', (address, loopback) => {
    expect(isLoopback(address)).toBe(loopback);
  });
});

describe('TLS files', () => {
  it('loads a matching key and certificate', () => {
    const cert = makeTestCertificate();
    try {
      const loaded = loadTlsCredentials({ keyFile: cert.keyFile, certFile: cert.certFile });
      expect(loaded.cert.toString()).toContain('BEGIN CERTIFICATE');
    } finally {
      cert.remove();
    }
  });

  it('refuses to start on a missing, malformed or mismatched file, naming the file', () => {
    const cert = makeTestCertificate();
    const other = makeTestCertificate();
    try {
      const missing = join(cert.keyFile, '..', 'missing.pem');
      expect(() => loadTlsCredentials({ keyFile: missing, certFile: cert.certFile })).toThrow(
        new RegExp(`^SMTP TLS: cannot read the key file ${escape(missing)}: ENOENT`),
      );
      const garbage = join(cert.keyFile, '..', 'garbage.pem');
      writeFileSync(garbage, 'not a certificate\n');
      expect(() => loadTlsCredentials({ keyFile: cert.keyFile, certFile: garbage })).toThrow(
        new RegExp(`^SMTP TLS: key ${escape(cert.keyFile)} and certificate ${escape(garbage)} are not a usable pair: `),
      );
      expect(() => loadTlsCredentials({ keyFile: other.keyFile, certFile: cert.certFile })).toThrow(SmtpTlsConfigError);
      expect(() => loadTlsCredentials({ keyFile: other.keyFile, certFile: cert.certFile })).toThrow(/key values mismatch/);
    } finally {
      cert.remove();
      other.remove();
    }
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
