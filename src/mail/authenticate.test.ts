import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { dkimSign } from 'mailauth';
import { authenticate, authenticationResultSchema, type AuthenticateInput } from './authenticate.js';
import { dkimKey, fixtureResolver, type DnsTable } from '../../test/support/fixture-dns.js';

const PROSPECT_MX = '192.0.2.10';
const ATTACKER_IP = '203.0.113.66';
/** Signatures carry this time; the verifier only refuses signatures from the future. */
const SIGNED_AT = new Date('2020-01-01T00:00:00Z');

let prospectKey: ReturnType<typeof dkimKey>;
let attackerKey: ReturnType<typeof dkimKey>;
let table: DnsTable;

beforeAll(() => {
  prospectKey = dkimKey();
  attackerKey = dkimKey();
  table = {
    'example.com': { TXT: ['v=spf1 ip4:192.0.2.0/24 -all'] },
    '_dmarc.example.com': { TXT: ['v=DMARC1; p=reject; rua=mailto:dmarc@example.com'] },
    's1._domainkey.example.com': { TXT: [prospectKey.txt] },
    'soft.example.org': { TXT: ['v=spf1 ip4:192.0.2.0/24 ~all'] },
    'nodmarc.example.net': { TXT: ['v=spf1 ip4:192.0.2.0/24 -all'] },
    'evil.example': { TXT: [`v=spf1 ip4:${ATTACKER_IP} -all`] },
    'k._domainkey.evil.example': { TXT: [attackerKey.txt] },
  };
});

afterEach(() => {
  vi.useRealTimers();
});

function message(from: string, body = 'Tuesday at 10 works for me.\r\n', extraHeaders = ''): Buffer {
  return Buffer.from(
    `${extraHeaders}From: ${from}\r\nTo: webinar-q3@meet.acme.com\r\nSubject: Re: Demo\r\n` +
      `Date: Fri, 20 Nov 2026 09:14:03 -0500\r\nMessage-ID: <m1@example.com>\r\n\r\n${body}`,
  );
}

async function signed(raw: Buffer, domain: string, selector: string, privateKey: string): Promise<Buffer> {
  const key = { signingDomain: domain, selector, privateKey };
  // mailauth signs only what is listed in signatureData; its typings also ask for the key at the top level.
  const { signatures, errors } = await dkimSign(raw, { ...key, signatureData: [key], signTime: SIGNED_AT });
  expect(errors).toEqual([]);
  expect(signatures).toMatch(/^DKIM-Signature: /);
  return Buffer.concat([Buffer.from(signatures), raw]);
}

function check(raw: Buffer, connection: Partial<AuthenticateInput> = {}) {
  return authenticate({
    raw,
    clientIp: PROSPECT_MX,
    helo: 'mail.example.com',
    envelopeFrom: 'jane@example.com',
    mta: 'mx.meet.acme.com',
    resolver: fixtureResolver(table),
    ...connection,
  });
}

describe('authenticate', () => {
  it('passes a message DKIM-signed by the From domain, even from an IP outside its SPF', async () => {
    const raw = await signed(message('Jane Doe <jane@example.com>'), 'example.com', 's1', prospectKey.privateKey);
    const result = await check(raw, { clientIp: ATTACKER_IP });
    expect(result).toMatchObject({
      spf: 'fail',
      dkim: 'pass',
      dkimSignatures: [{ domain: 'example.com', result: 'pass', aligned: true }],
      dmarc: 'pass',
      dmarcPolicy: 'reject',
      fromDomain: 'example.com',
      aligned: true,
      verdict: 'pass',
    });
    expect(authenticationResultSchema.parse(JSON.parse(JSON.stringify(result)))).toEqual(result);
  });

  it('fails a signed message whose body was changed on the way', async () => {
    const raw = await signed(message('Jane Doe <jane@example.com>'), 'example.com', 's1', prospectKey.privateKey);
    const tampered = Buffer.from(raw.toString().replace('Tuesday at 10', 'Friday at 16'));
    const result = await check(tampered, { clientIp: ATTACKER_IP });
    expect(result).toMatchObject({ dkim: 'fail', dkimSignatures: [{ domain: 'example.com', result: 'fail' }], dmarc: 'fail', verdict: 'fail' });
  });

  it('SPF passes from an address the domain lists and fails from another', async () => {
    const raw = message('Jane Doe <jane@example.com>');
    expect(await check(raw)).toMatchObject({ spf: 'pass', spfDomain: 'example.com', dkim: 'none', dmarc: 'pass', aligned: true, verdict: 'pass' });
    expect(await check(raw, { clientIp: ATTACKER_IP })).toMatchObject({ spf: 'fail', dmarc: 'fail', aligned: false, verdict: 'fail' });
  });

  it('reads ~all as softfail, and uses the HELO domain for the null sender', async () => {
    const raw = message('Ops <ops@soft.example.org>');
    expect(await check(raw, { envelopeFrom: 'ops@soft.example.org', clientIp: ATTACKER_IP })).toMatchObject({
      spf: 'softfail',
      dmarc: 'none',
      verdict: 'none',
    });
    expect(await check(raw, { envelopeFrom: '', helo: 'soft.example.org' })).toMatchObject({ spf: 'pass', spfDomain: 'soft.example.org' });
  });

  it('without a DMARC record, an aligned pass still passes and a hard SPF fail still fails', async () => {
    const raw = message('Sam <sam@nodmarc.example.net>');
    const connection = { envelopeFrom: 'sam@nodmarc.example.net' };
    expect(await check(raw, connection)).toMatchObject({ spf: 'pass', dmarc: 'none', aligned: true, verdict: 'pass' });
    expect(await check(raw, { ...connection, clientIp: ATTACKER_IP })).toMatchObject({ spf: 'fail', dmarc: 'none', verdict: 'fail' });
  });

  const forgery = async (extraHeaders = '') => {
    // The attacker's own domain passes SPF and DKIM; neither is the From domain.
    const raw = message('"Jane Doe" <jane@example.com>', 'Please cancel my meeting.\r\n', extraHeaders);
    return check(await signed(raw, 'evil.example', 'k', attackerKey.privateKey), {
      clientIp: ATTACKER_IP,
      helo: 'mx.evil.example',
      envelopeFrom: 'bounce@evil.example',
    });
  };

  it('fails DMARC when the From domain says p=reject and neither SPF nor DKIM is aligned with it', async () => {
    expect(await forgery()).toMatchObject({
      spf: 'pass',
      spfDomain: 'evil.example',
      dkim: 'pass',
      dkimSignatures: [{ domain: 'evil.example', result: 'pass', aligned: false }],
      dmarc: 'fail',
      dmarcPolicy: 'reject',
      fromDomain: 'example.com',
      aligned: false,
      verdict: 'fail',
    });
  });

  it('ignores Authentication-Results headers that arrive with the message', async () => {
    const forged =
      'Authentication-Results: mx.meet.acme.com; spf=pass smtp.mailfrom=example.com;\r\n' +
      ' dkim=pass header.d=example.com; dmarc=pass header.from=example.com\r\n' +
      'ARC-Authentication-Results: i=1; mx.google.com; dmarc=pass header.from=example.com\r\n';
    expect(await forgery(forged)).toEqual(await forgery());
  });

  it('turns DNS failures into temperror, never a throw', async () => {
    const raw = await signed(message('Jane Doe <jane@example.com>'), 'example.com', 's1', prospectKey.privateKey);
    const failures = { 'example.com': 'timeout', '_dmarc.example.com': 'refused', 's1._domainkey.example.com': 'timeout' } as const;
    const result = await check(raw, { resolver: fixtureResolver(table, failures) });
    expect(result).toMatchObject({ spf: 'temperror', dkim: 'temperror', dmarc: 'temperror', verdict: 'none' });
    const broken = await check(raw, { resolver: async () => Promise.reject(new Error('resolver exploded')) });
    expect(authenticationResultSchema.safeParse(broken).success).toBe(true);
    expect(broken.verdict).not.toBe('pass');
  });

  it('gives up after timeoutMs with temperror', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const pending = check(message('Jane Doe <jane@example.com>'), { resolver: () => new Promise(() => {}), timeoutMs: 2_000 });
    await vi.advanceTimersByTimeAsync(2_000);
    expect(await pending).toMatchObject({ spf: 'temperror', dkim: 'temperror', dmarc: 'temperror', verdict: 'none', reason: 'not finished within 2000 ms' });
  });

  it('checks nothing without the connection facts', async () => {
    const raw = message('Jane Doe <jane@example.com>');
    expect(await check(raw, { clientIp: null })).toMatchObject({ verdict: 'none', spf: 'none', reason: 'not checked: no connection facts' });
    expect(await check(raw, { clientIp: 'not-an-ip' })).toMatchObject({ verdict: 'none', spf: 'none' });
  });

  it('fails a message with two From addresses', async () => {
    const result = await check(message('Jane Doe <jane@example.com>, Bob <bob@example.com>'));
    expect(result).toMatchObject({ dmarc: 'permerror', verdict: 'fail' });
  });
});
