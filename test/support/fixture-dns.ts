import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import type { DnsResolver } from '../../src/mail/authenticate.js';

/** Records by name, then type. TXT records are strings (one chunk) or chunk arrays, as DNS returns them. */
export type DnsTable = Record<string, Partial<Record<'TXT' | 'A' | 'AAAA' | 'MX' | 'PTR', Array<string | string[] | object>>>>;

/**
 * A resolver answering from a table, shaped like `dns.promises.resolve`: ENOTFOUND for an unknown
 * name, ENODATA for a known name without that type. A name mapped to 'timeout' fails as a DNS
 * timeout would. No lookup ever leaves the process.
 */
export function fixtureResolver(table: DnsTable, failures: Record<string, 'timeout' | 'refused'> = {}): DnsResolver {
  const byName = new Map(Object.entries(table).map(([name, records]) => [name.toLowerCase(), records]));
  return async (name, rrtype) => {
    const key = name.toLowerCase().replace(/\.$/, '');
    const failure = failures[key];
    if (failure) throw dnsError(failure === 'timeout' ? 'ETIMEOUT' : 'EREFUSED', key, rrtype);
    const records = byName.get(key);
    if (!records) throw dnsError('ENOTFOUND', key, rrtype);
    const answers = records[rrtype as keyof typeof records];
    if (!answers || answers.length === 0) throw dnsError('ENODATA', key, rrtype);
    return (rrtype === 'TXT' ? answers.map((answer) => (typeof answer === 'string' ? [answer] : answer)) : answers) as string[][];
  };
}

function dnsError(code: string, name: string, rrtype: string): Error {
  return Object.assign(new Error(`query${rrtype} ${code} ${name}`), { code, hostname: name });
}

/** An RSA key pair for DKIM, and the TXT record that publishes its public half. */
export function dkimKey(): { privateKey: string; txt: string } {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), txt: dkimRecord(publicKey) };
}

function dkimRecord(publicKey: KeyObject): string {
  const der = publicKey.export({ type: 'spki', format: 'der' });
  return `v=DKIM1; k=rsa; p=${der.toString('base64')}`;
}
