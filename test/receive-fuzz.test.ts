import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { authenticate, authenticationResultSchema } from '../src/mail/authenticate.js';
import { visibleHtmlText } from '../src/mail/html/text.js';
import { MailParseError, parseMail } from '../src/mail/parse.js';
import { readMessage } from '../src/mail/read-message.js';
import { fixtureResolver } from './support/fixture-dns.js';
import { malformedMessages } from './support/mail-mutations.js';

const FIXTURES = 'fixtures/mail/';
const fixtures = readdirSync(FIXTURES)
  .filter((file) => file.endsWith('.eml'))
  .sort()
  .map((file) => readFileSync(`${FIXTURES}${file}`));

/** Enough for SPF and DMARC to have something to evaluate; every other name does not exist. */
const resolver = fixtureResolver({
  'example.com': { TXT: ['v=spf1 ip4:192.0.2.0/24 -all'] },
  '_dmarc.example.com': { TXT: ['v=DMARC1; p=reject'] },
});

const KINDS = ['human', 'auto_reply', 'bounce', 'list', 'own'];

/** The read path of one received message, as the pipeline runs it; a MailParseError is a verdict too. */
async function receive(raw: Buffer) {
  let mail;
  try {
    mail = await parseMail(raw);
  } catch (error) {
    if (error instanceof MailParseError) return { unparseable: error.message };
    throw error;
  }
  const reading = readMessage(mail, { envelopeFrom: 'jane.doe@example.com', ownDomains: ['meet.acme.com'] });
  const htmlText = mail.html === null ? null : visibleHtmlText(mail.html);
  const authentication = await authenticate({
    raw,
    clientIp: '192.0.2.10',
    helo: 'mail.example.com',
    envelopeFrom: 'jane.doe@example.com',
    mta: 'mx.meet.acme.com',
    resolver,
  });
  return { mail, reading, htmlText, authentication };
}

describe('the receive path on malformed mail', () => {
  it('turns every message into a value or a MailParseError, within a bounded time', async () => {
    let parsed = 0;
    let unparseable = 0;
    await fc.assert(
      fc.asyncProperty(malformedMessages(fixtures), async (raw) => {
        const outcome = await receive(raw);
        if ('unparseable' in outcome) {
          unparseable += 1;
          expect(outcome.unparseable).toMatch(/^cannot parse message/);
          return;
        }
        parsed += 1;
        const { mail, reading, htmlText, authentication } = outcome;
        expect(KINDS).toContain(reading.classification.kind);
        expect(typeof reading.visibleText).toBe('string');
        expect(typeof reading.forward.forwarded).toBe('boolean');
        if (htmlText !== null) expect(typeof htmlText).toBe('string');
        if (mail.from) expect(mail.from.address).toMatch(/^[^\s@]+@[^\s@]+$/);
        for (const mailbox of [...mail.to, ...mail.cc]) expect(mailbox.address).not.toContain('=?');
        expect(authenticationResultSchema.parse(JSON.parse(JSON.stringify(authentication)))).toEqual(authentication);
      }),
      // A fixed seed keeps CI deterministic; a per-sample timeout turns a hang into a failure.
      { numRuns: 2_000, seed: 20261120, timeout: 5_000, endOnFailure: true },
    );
    expect(parsed + unparseable).toBe(2_000);
  }, 120_000);
});
