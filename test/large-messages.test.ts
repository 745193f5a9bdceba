import { afterEach, describe, expect, it } from 'vitest';
import { existsSync, readdirSync } from 'node:fs';
import { smtpDialog, type SmtpDialog } from './support/smtp-dialog.js';
import { CAMPAIGN, startEdgeListener, type EdgeListener } from './support/edge-listener.js';
import { bodiesFolder } from '../src/store/sqlite/store.js';
import { parseMail } from '../src/mail/parse.js';
import { mailWithAttachment } from './support/large-mail.js';
import { BY_HAND } from '../src/store/spool.js';

let edge: EdgeListener | null = null;
const ROOMY = { maxMessageBytes: 8_000_000 };
const dialogs: SmtpDialog[] = [];

afterEach(async () => {
  dialogs.splice(0).forEach((dialog) => dialog.close());
  await edge?.close();
  edge = null;
});

function withAttachment(attachmentBytes: number, text = 'Could we meet on Tuesday? Jane'): Buffer {
  return mailWithAttachment({ to: CAMPAIGN, attachmentBytes, messageId: 'large-1@example.com', text });
}

async function atData(port: number): Promise<SmtpDialog> {
  const dialog = await smtpDialog(port);
  dialogs.push(dialog);
  await dialog.greeting();
  await dialog.send('EHLO client.example.com');
  await dialog.send('MAIL FROM:<jane.doe@example.com>');
  await dialog.send(`RCPT TO:<${CAMPAIGN}>`);
  expect(await dialog.send('DATA')).toMatch(/^354 /);
  return dialog;
}

function bodyFiles(listener: EdgeListener): string[] {
  const dir = bodiesFolder(listener.databasePath);
  return existsSync(dir) ? readdirSync(dir) : [];
}

function storedBody(listener: EdgeListener, id: number): { raw: Buffer | null; file: string | null } {
  return listener.store.db.prepare(`SELECT raw, file FROM message_bodies WHERE message_id = ?`).get(id) as {
    raw: Buffer | null;
    file: string | null;
  };
}

describe('large messages', () => {
  it('keeps a small message in its row and writes a large one, byte for byte, to a body file', async () => {
    edge = await startEdgeListener(ROOMY);
    const large = withAttachment(1_500_000);
    const small = await (await atData(edge.port)).data('Subject: small\r\n\r\nhello');
    const big = await (await atData(edge.port)).data(large);
    expect(small).toMatch(/^250 /);
    expect(big).toMatch(/^250 /);
    const [smallId, bigId] = [small, big].map((reply) => Number(/Queued as (\d+)/.exec(reply)![1]));
    expect(storedBody(edge, smallId!).file).toBeNull();
    const bigBody = storedBody(edge, bigId!);
    expect(bigBody.raw).toBeNull();
    expect(bodyFiles(edge)).toEqual([bigBody.file]);
    const stored = edge.messages().find((message) => message.id === bigId)!;
    // What the client sent before its final <CRLF>.<CRLF>, that CRLF included.
    expect(stored.raw.equals(Buffer.concat([large, Buffer.from('\r\n')]))).toBe(true);
  });

  it('reads a spooled large message from its file as the pipeline does, and the prospect’s words survive', async () => {
    edge = await startEdgeListener(ROOMY);
    expect(await (await atData(edge.port)).data(withAttachment(3_000_000))).toMatch(/^250 /);
    const message = (await edge.store.spool.claimNext(Date.now(), BY_HAND))!;
    expect(message.raw.size).toBeGreaterThan(4_000_000);
    const mail = await parseMail(message.raw);
    expect(mail.text.trim()).toBe('Could we meet on Tuesday? Jane');
    expect(mail.from?.address).toBe('jane.doe@example.com');
    expect(mail.dateOffsetMinutes).toBe(-300);
  });

  it('refuses a message over the size limit with 552 and leaves no body file behind', async () => {
    edge = await startEdgeListener({ maxMessageBytes: 1_000_000 });
    const dialog = await atData(edge.port);
    expect(await dialog.data(withAttachment(2_000_000))).toMatch(/^552 5\.3\.4 /);
    expect(edge.messages()).toEqual([]);
    expect(bodyFiles(edge)).toEqual([]);
  });

  it('answers 451 when the body file cannot be written, stores nothing, and keeps the session usable', async () => {
    edge = await startEdgeListener(
      ROOMY,
      {
        createBodyFile: () =>
          Promise.resolve({
            write: () => Promise.reject(Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' })),
            finish: () => Promise.reject(new Error('not reached')),
            discard: () => Promise.resolve(),
          }),
      },
    );
    const dialog = await atData(edge.port);
    expect(await dialog.data(withAttachment(1_000_000))).toBe('451 4.3.0 Temporary storage failure, please try again later');
    expect(edge.messages()).toEqual([]);
    expect(await dialog.send('RSET')).toMatch(/^250 /);
  });

  it('removes the body file of a message whose client went away before the end of DATA', async () => {
    edge = await startEdgeListener(ROOMY);
    const dialog = await atData(edge.port);
    dialog.write(withAttachment(1_000_000));
    await waitFor(() => bodyFiles(edge!).length === 1);
    dialog.close();
    await waitFor(() => bodyFiles(edge!).length === 0);
    expect(edge.messages()).toEqual([]);
  });

  it('sweeps, at start-up, body files no row names once they are an hour old, and keeps the rest', async () => {
    edge = await startEdgeListener(ROOMY);
    expect(await (await atData(edge.port)).data(withAttachment(1_000_000))).toMatch(/^250 /);
    const writer = await (await edge.store.spool.createBodyFile())!;
    await writer.write(Buffer.from('Subject: never got its 250\r\n\r\n'));
    await writer.finish();
    expect(bodyFiles(edge)).toHaveLength(2);
    expect(await edge.store.spool.sweepBodyFiles(Date.now())).toBe(0);
    expect(await edge.store.spool.sweepBodyFiles(Date.now() + 61 * 60_000)).toBe(1);
    expect(bodyFiles(edge)).toEqual([storedBody(edge, edge.messages()[0]!.id).file]);
  });
});

async function waitFor(done: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
