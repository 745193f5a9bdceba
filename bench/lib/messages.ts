import { randomBytes } from 'node:crypto';

export const CAMPAIGN = 'webinar-q3@meet.acme.com';

/** The n-th prospect: a distinct sender each, as real leads are (per-sender limits never bite). */
export function prospect(n: number): string {
  return `prospect-${n}@example.com`;
}

const GREETING = [
  'Hi,',
  '',
  'I saw the webinar last week and would like to talk about it with someone on your team.',
  'Could we find half an hour next week? I am mostly free in the mornings.',
  '',
  'Best regards,',
  'Jane',
];

/**
 * A first contact from a prospect of roughly `bytes` bytes, CRLF line endings, no line starting
 * with a dot (so no dot-stuffing is needed). The short text is what the agent reads; the rest is
 * a base64 attachment, the way large real mail is large. The attachment is built once per size:
 * the load generator must not spend its CPU making mail.
 */
export function firstContact(input: { n: number; bytes: number; date?: Date }): Buffer {
  const head = Buffer.from(
    [
      `From: Prospect ${input.n} <${prospect(input.n)}>`,
      `To: <${CAMPAIGN}>`,
      `Subject: Demo request ${input.n}`,
      `Date: ${(input.date ?? new Date()).toUTCString().replace('GMT', '+0000')}`,
      `Message-ID: <bench-${input.n}-${randomBytes(6).toString('hex')}@example.com>`,
      'MIME-Version: 1.0',
      `Content-Type: multipart/mixed; boundary="${BOUNDARY}"`,
      '',
      `--${BOUNDARY}`,
      'Content-Type: text/plain; charset=utf-8',
      '',
      ...GREETING,
      '',
      `--${BOUNDARY}`,
      'Content-Type: application/octet-stream; name="brief.bin"',
      'Content-Transfer-Encoding: base64',
      'Content-Disposition: attachment; filename="brief.bin"',
      '',
      '',
    ].join('\r\n'),
    'latin1',
  );
  return Buffer.concat([head, attachment(Math.max(0, input.bytes - HEAD_BYTES))]);
}

const BOUNDARY = 'bench-boundary';
// About what the headers and the text take; a fixed figure keeps one cached attachment per size.
const HEAD_BYTES = 700;
const attachments = new Map<number, Buffer>();

/** Base64 lines and the closing boundary, `bytes` long give or take one line. */
function attachment(bytes: number): Buffer {
  const cached = attachments.get(bytes);
  if (cached) return cached;
  const tail = `\r\n--${BOUNDARY}--`;
  // 76 base64 characters a line plus CRLF: 78 bytes carry 57 bytes of payload.
  const lines = Math.max(1, Math.floor((bytes - tail.length) / 78));
  const payload = randomBytes(lines * 57).toString('base64');
  const text = Array.from({ length: lines }, (_, i) => payload.slice(i * 76, i * 76 + 76)).join('\r\n');
  const built = Buffer.from(text + tail, 'latin1');
  attachments.set(bytes, built);
  return built;
}
