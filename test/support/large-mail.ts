import { randomBytes } from 'node:crypto';

/** A prospect's message with a base64 attachment of `attachmentBytes`, the way large real mail is large. */
export function mailWithAttachment(input: { to: string; attachmentBytes: number; messageId: string; text?: string }): Buffer {
  const base64 = randomBytes(input.attachmentBytes).toString('base64').replace(/.{76}/g, '$&\r\n');
  return Buffer.from(
    [
      'From: Jane Doe <jane.doe@example.com>',
      `To: ${input.to}`,
      'Subject: Our RFP',
      `Message-ID: <${input.messageId}>`,
      'Date: Fri, 20 Nov 2026 10:00:00 -0500',
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="b1"',
      '',
      '--b1',
      'Content-Type: text/plain; charset=utf-8',
      '',
      input.text ?? 'Could we set up a demo? The RFP is attached. Jane',
      '--b1',
      'Content-Type: application/pdf; name="rfp.pdf"',
      'Content-Transfer-Encoding: base64',
      'Content-Disposition: attachment; filename="rfp.pdf"',
      '',
      base64,
      '--b1--',
      '',
    ].join('\r\n'),
  );
}
