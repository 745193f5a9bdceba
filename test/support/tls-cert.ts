import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TestCertificate {
  keyFile: string;
  certFile: string;
  /** Deletes the key and certificate. */
  remove(): void;
}

/**
 * A throwaway self-signed certificate for CN=localhost, made with openssl at test time into a
 * temp folder, so no private key ever sits in the repository.
 */
export function makeTestCertificate(): TestCertificate {
  const dir = mkdtempSync(join(tmpdir(), 'campaign-agent-tls-'));
  const keyFile = join(dir, 'key.pem');
  const certFile = join(dir, 'cert.pem');
  execFileSync(
    'openssl',
    ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=localhost', '-days', '1', '-keyout', keyFile, '-out', certFile],
    { stdio: 'ignore', timeout: 30_000 },
  );
  return { keyFile, certFile, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
