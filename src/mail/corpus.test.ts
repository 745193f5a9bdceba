import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parseMail } from './parse.js';
import { readMessage } from './read-message.js';

const FIXTURES = new URL('../../fixtures/mail/', import.meta.url);

const mailbox = z.object({ address: z.string(), name: z.string().nullable() });

/** fixtures/mail/expected.json: one row per .eml file, what the agent must make of it. */
const expectedSchema = z.array(
  z
    .object({
      file: z.string().regex(/\.eml$/),
      classification: z.discriminatedUnion('kind', [
        z.object({ kind: z.literal('human') }).strict(),
        z.object({ kind: z.literal('auto_reply'), reason: z.string(), returnDate: z.string().nullable() }).strict(),
        z.object({ kind: z.enum(['bounce', 'list', 'own']), reason: z.string() }).strict(),
      ]),
      /** The text the agent understands; asserted for people and for HTML-only mail, null otherwise. */
      visibleText: z.string().nullable(),
      /** Only for mail from a person; absent means "not a forward". */
      forwarded: z
        .object({
          forwarded: z.literal(true),
          originalFrom: mailbox.nullable(),
          originalSubject: z.string(),
          originalMessageId: z.string().nullable(),
          forwarderNote: z.string(),
        })
        .strict()
        .optional(),
      /** No text/plain body: the visible text comes from the HTML, hidden parts dropped. */
      htmlOnly: z.boolean().optional(),
      /** The sender address the agent believes, where the header tries to fool it. */
      from: z.string().nullable().optional(),
    })
    .strict(),
);

const table = expectedSchema.parse(JSON.parse(readFileSync(new URL('expected.json', FIXTURES), 'utf8')));

/** The listener stores MAIL FROM; in a saved message it survives as Return-Path. */
function envelopeFrom(raw: Buffer): string | null {
  const head = raw.subarray(0, raw.indexOf('\r\n\r\n')).toString('latin1');
  return /^Return-Path:\s*<([^>]*)>/im.exec(head)?.[1] ?? null;
}

describe('the fixture corpus', () => {
  it('has a row for every .eml file, and at least 40 of them', () => {
    const files = readdirSync(FIXTURES).filter((file) => file.endsWith('.eml')).sort();
    expect(table.map((row) => row.file).sort()).toEqual(files);
    expect(files.length).toBeGreaterThanOrEqual(40);
  });

  it.each(table)('$file', async (row) => {
    const raw = readFileSync(new URL(row.file, FIXTURES));
    const mail = await parseMail(raw);
    const reading = readMessage(mail, { envelopeFrom: envelopeFrom(raw), ownDomains: ['meet.acme.com'] });
    expect(reading.classification).toEqual(row.classification);
    expect(mail.htmlOnly).toBe(row.htmlOnly ?? false);
    if (row.visibleText !== null) expect(reading.visibleText).toBe(row.visibleText);
    if (row.classification.kind === 'human') expect(reading.forward).toEqual(row.forwarded ?? { forwarded: false });
    if (row.from !== undefined) expect(mail.from?.address ?? null).toBe(row.from);
  });

  it('hidden instructions in HTML-only mail never reach the agent', async () => {
    const hostile: string[] = [];
    for (const row of table.filter((candidate) => candidate.htmlOnly)) {
      const mail = await parseMail(readFileSync(new URL(row.file, FIXTURES)));
      if (/ignore previous instructions/i.test(mail.html ?? '')) hostile.push(row.file);
      expect(mail.text).not.toMatch(/ignore previous instructions|admin mode|mallory@evil/i);
    }
    expect(hostile.length).toBeGreaterThanOrEqual(3);
  });
});
