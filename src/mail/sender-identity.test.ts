import { describe, expect, it } from 'vitest';
import { simpleParser } from 'mailparser';
import { decodeWords, senderAddress, type SenderIdentity } from './sender-identity.js';
import { parseMail } from './parse.js';

const b64 = (text: string) => `=?utf-8?b?${Buffer.from(text).toString('base64')}?=`;

/** A raw message with these header lines, parsed by mailparser as the pipeline does. */
async function senderOf(fromLines: string): Promise<SenderIdentity> {
  const raw = Buffer.from(`${fromLines}\r\nTo: webinar-q3@meet.acme.com\r\nSubject: Hello\r\n\r\nHi\r\n`, 'latin1');
  return senderAddress(await simpleParser(raw));
}

describe('senderAddress', () => {
  const cases: Array<{ name: string; header: string; expected: Partial<SenderIdentity> }> = [
    {
      name: 'an encoded-word name decoding to an address is only a name',
      header: `From: ${b64('ceo@acme.com')} <attacker@evil.example>`,
      expected: { address: 'attacker@evil.example', name: 'ceo@acme.com', displayNameLooksLikeAddress: true, problem: null },
    },
    {
      name: 'an encoded-word holding a whole mailbox is never parsed as one',
      header: `From: ${b64('"CEO" <ceo@acme.com>')}`,
      expected: { address: null, name: '"CEO" <ceo@acme.com>', displayNameLooksLikeAddress: true, problem: 'invalid' },
    },
    {
      name: 'an encoded-word mailbox before the real one',
      header: `From: ${b64('"CEO" <ceo@acme.com>,')} <attacker@evil.example>`,
      expected: { address: 'attacker@evil.example', displayNameLooksLikeAddress: true },
    },
    {
      name: 'an encoded-word in the address itself is no address',
      header: 'From: =?utf-8?q?ceo@acme.com?=',
      expected: { address: null, problem: 'invalid' },
    },
    {
      name: 'a quoted name that looks like an address',
      header: 'From: "ceo@acme.com" <attacker@evil.example>',
      expected: { address: 'attacker@evil.example', name: 'ceo@acme.com', displayNameLooksLikeAddress: true },
    },
    {
      name: 'a name that repeats the real address is not flagged',
      header: 'From: "Jane.Doe@example.com" <jane.doe@example.com>',
      expected: { address: 'jane.doe@example.com', displayNameLooksLikeAddress: false },
    },
    {
      name: 'an ordinary encoded name, split across words mid-character',
      header: 'From: =?utf-8?q?Ren=C3?= =?utf-8?q?=A9e_Fran=C3=A7ois?= <Renee@Example.COM>',
      expected: { address: 'renee@example.com', name: 'Renée François', displayNameLooksLikeAddress: false, problem: null },
    },
    {
      name: 'a Latin-1 encoded name',
      header: 'From: =?iso-8859-1?q?J=FCrgen_M=FCller?= <jm@example.de>',
      expected: { address: 'jm@example.de', name: 'Jürgen Müller' },
    },
    { name: 'raw UTF-8 in the header (RFC 6532)', header: 'From: Jäne Döe <jane@example.com>', expected: { name: 'Jäne Döe' } },
    {
      name: 'bidi overrides and zero-width characters are removed from the name',
      header: `From: ${b64('Jane\u202e moc.emca@oec \u200bDoe')} <jane@example.com>`,
      expected: { name: 'Jane moc.emca@oec Doe', address: 'jane@example.com' },
    },
    { name: 'a bare address', header: 'From: jane@example.com', expected: { address: 'jane@example.com', name: null } },
    { name: 'an old-style comment name', header: 'From: jane@example.com (Jane Doe)', expected: { address: 'jane@example.com', name: 'Jane Doe' } },
    { name: 'a folded header', header: 'From: Jane Doe\r\n <jane@example.com>', expected: { address: 'jane@example.com', name: 'Jane Doe' } },
    { name: 'two mailboxes are two senders', header: 'From: a@example.com, b@example.com', expected: { address: null, problem: 'ambiguous' } },
    { name: 'two From headers are two senders', header: 'From: a@example.com\r\nFrom: b@example.com', expected: { address: null, problem: 'ambiguous' } },
    { name: 'an empty From', header: 'From: ', expected: { address: null, problem: 'missing' } },
    { name: 'no From header at all', header: 'X-Nothing: 1', expected: { address: null, problem: 'missing' } },
    { name: 'a name without an address', header: 'From: Jane Doe', expected: { address: null, problem: 'invalid' } },
    { name: 'an address without a domain', header: 'From: Jane <jane@>', expected: { address: null, problem: 'invalid' } },
    { name: 'an address with two @', header: 'From: <jane@evil@example.com>', expected: { address: null, problem: 'invalid' } },
  ];
  it.each(cases)('$name', async ({ header, expected }) => {
    expect(await senderOf(header)).toMatchObject(expected);
  });

  it('parseMail takes From, To and Cc from the raw headers', async () => {
    const raw = Buffer.from(
      `From: ${b64('"CEO" <ceo@acme.com>')}\r\nTo: ${b64('"X" <x@acme.com>')} <webinar-q3@meet.acme.com>\r\n` +
        `Cc: Team: ${b64('y@acme.com')} <bob@example.com>, bob@example.com;\r\nSubject: Hi\r\n\r\nHello\r\n`,
    );
    const mail = await parseMail(raw);
    expect(mail.from).toBeNull();
    expect(mail.sender).toMatchObject({ displayNameLooksLikeAddress: true, problem: 'invalid' });
    expect(mail.to).toEqual([{ address: 'webinar-q3@meet.acme.com', name: '"X" <x@acme.com>' }]);
    expect(mail.cc).toEqual([{ address: 'bob@example.com', name: 'y@acme.com' }]);
  });
});

describe('decodeWords', () => {
  it.each([
    ['=?UTF-8?B?SGVsbG8=?= =?UTF-8?B?IHdvcmxk?=', 'Hello world'],
    ['Re: =?iso-8859-1?q?R=E9union?= demain', 'Re: Réunion demain'],
    ['=?koi8-r?b?8NLJ18XU?=', 'Привет'],
    ['=?x-unknown?q?abc?=', 'abc'],
    ['=?utf-8?q?broken', '=?utf-8?q?broken'],
  ])('%s', (input, expected) => {
    expect(decodeWords(input)).toBe(expected);
  });
});
