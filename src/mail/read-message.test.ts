import { describe, expect, it } from 'vitest';
import { parseMail } from './parse.js';
import { MAX_READ_CHARS, readMessage } from './read-message.js';

const context = { envelopeFrom: 'jane.doe@example.com', ownDomains: ['meet.acme.com'] };

describe('readMessage', () => {
  it('reads the first 20,000 characters of a huge message, up to a line end, and still sees the person', async () => {
    const filler = 'Here is the full transcript of our procurement policy, section by section.\r\n'.repeat(20_000);
    const raw = Buffer.from(
      `From: Jane Doe <jane.doe@example.com>\r\nTo: webinar-q3@meet.acme.com\r\nSubject: demo\r\n\r\nCould we meet Tuesday at 10?\r\n\r\n${filler}`,
    );
    const mail = await parseMail(raw);
    expect(mail.text.length).toBeGreaterThan(1_000_000);
    const reading = readMessage(mail, context);
    expect(reading.classification.kind).toBe('human');
    expect(reading.visibleText.startsWith('Could we meet Tuesday at 10?')).toBe(true);
    expect(reading.visibleText.length).toBeLessThanOrEqual(MAX_READ_CHARS);
    expect(reading.visibleText.trimEnd().endsWith('section by section.')).toBe(true);
  });
});
