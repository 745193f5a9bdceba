import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createMimeScan, MIME_LIMITS, type MimeViolation } from './mime-limits.js';

/** Feeds `raw` in chunks of `size` bytes; the first violation, or null. */
function scan(raw: Buffer | string, size = 65_536): MimeViolation | null {
  const bytes = Buffer.isBuffer(raw) ? raw : Buffer.from(raw, 'latin1');
  const mime = createMimeScan();
  for (let at = 0; at < bytes.length; at += size) {
    const violation = mime.push(bytes.subarray(at, at + size));
    if (violation) return violation;
  }
  return null;
}

const CHUNKINGS = [1, 7, 65_536];

/** A text part `levels` deep: each multipart's only part is the next one. */
function nested(levels: number): string {
  let message = 'Subject: deep\r\n';
  for (let level = 1; level <= levels; level++) message += `Content-Type: multipart/mixed; boundary="l${level}"\r\n\r\n--l${level}\r\n`;
  message += 'Content-Type: text/plain\r\n\r\nhello\r\n';
  for (let level = levels; level >= 1; level--) message += `--l${level}--\r\n`;
  return message;
}

/** A multipart with `count` parts: the message and its parts are `count + 1` MIME parts. */
function withParts(count: number): string {
  const parts = Array.from({ length: count }, (_, i) => `--b\r\nContent-Type: text/plain\r\n\r\npart ${i}\r\n`).join('');
  return `Subject: many\r\nContent-Type: multipart/mixed; boundary="b"\r\n\r\n${parts}--b--\r\n`;
}

describe('MIME limits while DATA streams in', () => {
  const fixtures = readdirSync('fixtures/mail').filter((file) => file.endsWith('.eml'));

  it.each(CHUNKINGS)('lets every real-world fixture through, %i bytes at a time', (size) => {
    expect(fixtures.filter((file) => scan(readFileSync(`fixtures/mail/${file}`), size) !== null)).toEqual([]);
  });

  it.each(CHUNKINGS)('allows 50 levels of nesting and refuses 51 or 5,000, %i bytes at a time', (size) => {
    expect(scan(nested(MIME_LIMITS.maxDepth), size)).toBeNull();
    expect(scan(nested(MIME_LIMITS.maxDepth + 1), size)).toBe('mime_too_deep');
    expect(scan(nested(5_000), size)).toBe('mime_too_deep');
  });

  it.each(CHUNKINGS)('allows 1,000 MIME parts, the message included, and refuses 1,001 or 20,000, %i bytes at a time', (size) => {
    expect(scan(withParts(MIME_LIMITS.maxParts - 1), size)).toBeNull();
    expect(scan(withParts(MIME_LIMITS.maxParts), size)).toBe('too_many_parts');
    expect(scan(withParts(20_000), size)).toBe('too_many_parts');
  });

  it('counts siblings, not nesting, after a multipart is closed', () => {
    const siblings = Array.from({ length: 60 }, (_, i) => `--top\r\nContent-Type: multipart/alternative; boundary="alt${i}"\r\n\r\n`
      + `--alt${i}\r\nContent-Type: text/plain\r\n\r\nhi\r\n--alt${i}--\r\n`).join('');
    expect(scan(`Content-Type: multipart/mixed; boundary=top\r\n\r\n${siblings}--top--\r\n`)).toBeNull();
  });

  it('refuses a header block over 256 KB, the message\'s or a part\'s, before its end', () => {
    const header = (bytes: number) => `X-Pad: ${'x'.repeat(bytes - 'X-Pad: \r\n'.length)}\r\n`;
    const limit = MIME_LIMITS.maxHeaderBytes;
    expect(scan(`${header(limit - 2)}\r\nbody\r\n`)).toBeNull();
    expect(scan(`${header(limit - 1)}\r\nbody\r\n`)).toBe('header_too_large');
    // One header line of 300 KB and no line end in sight: refused from the first chunks alone.
    const mime = createMimeScan();
    expect(mime.push(Buffer.from(`X-Pad: ${'x'.repeat(300 * 1024)}`))).toBe('header_too_large');
    const part = `Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n${header(limit)}\r\nhi\r\n--b--\r\n`;
    expect(scan(part)).toBe('header_too_large');
  });

  it('takes any length of body as it is: the header limit is on headers only', () => {
    expect(scan(`Subject: long\r\n\r\n${'x'.repeat(2 * MIME_LIMITS.maxHeaderBytes)}\r\n`)).toBeNull();
  });

  it('follows an inline message/rfc822 into its own header block, as the parser does, and not an attached one', () => {
    const chain = (disposition: string, levels: number) => {
      let message = '';
      for (let i = 0; i < levels; i++) message += `Content-Type: message/rfc822\r\nContent-Disposition: ${disposition}\r\n\r\n`;
      return `${message}Subject: innermost\r\n\r\nhi\r\n`;
    };
    expect(scan(chain('inline', MIME_LIMITS.maxDepth))).toBeNull();
    expect(scan(chain('inline', MIME_LIMITS.maxDepth + 1))).toBe('mime_too_deep');
    expect(scan(chain('attachment', 5_000))).toBeNull();
  });

  it('reads the boundary however it is written: folded, quoted, or in RFC 2231 pieces', () => {
    const deep = (declare: (level: number) => string) => {
      let message = '';
      for (let level = 1; level <= MIME_LIMITS.maxDepth + 1; level++) message += `${declare(level)}\r\n\r\n--l${level}\r\n`;
      return `${message}Content-Type: text/plain\r\n\r\nhi\r\n`;
    };
    expect(scan(deep((level) => `Content-Type: multipart/mixed;\r\n\tboundary=l${level}`))).toBe('mime_too_deep');
    expect(scan(deep((level) => `Content-type: Multipart/Mixed; charset="x;y"; BOUNDARY="l${level}"`))).toBe('mime_too_deep');
    expect(scan(deep((level) => `Content-Type: multipart/mixed; boundary*0="l"; boundary*1="${level}"`))).toBe('mime_too_deep');
    expect(scan(deep((level) => `Content-Type: multipart/mixed; boundary*=utf-8''%6C${level}`))).toBe('mime_too_deep');
  });

  it('takes a delimiter only at the start of its own line, whole, as the parser does', () => {
    const message = (delimiter: string) => `Content-Type: multipart/mixed; boundary=b\r\n\r\n${delimiter.repeat(1_001)}--b--\r\n`;
    expect(scan(message('--b\r\n'))).toBe('too_many_parts');
    expect(scan(message('--b \r\n'))).toBeNull();
    expect(scan(message('--bb\r\n'))).toBeNull();
    expect(scan(message('x--b\r\n'))).toBeNull();
  });
});
