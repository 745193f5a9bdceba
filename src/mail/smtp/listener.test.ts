import { afterEach, describe, expect, it } from 'vitest';
import { deliverByDialog, smtpDialog, type SmtpDialog } from '../../../test/support/smtp-dialog.js';
import { CAMPAIGN, startEdgeListener, type EdgeListener } from '../../../test/support/edge-listener.js';
import { walCommits } from '../../../test/support/wal-commits.js';

let edge: EdgeListener | null = null;
const dialogs: SmtpDialog[] = [];

afterEach(async () => {
  dialogs.splice(0).forEach((dialog) => dialog.close());
  await edge?.close();
  edge = null;
});

async function open(port: number): Promise<{ dialog: SmtpDialog; greeting: string }> {
  const dialog = await smtpDialog(port);
  dialogs.push(dialog);
  return { dialog, greeting: await dialog.greeting() };
}

describe('listener storage failures', () => {
  it('answers 451, never 250, when the message cannot be stored', async () => {
    let woken = false;
    edge = await startEdgeListener(
      {},
      {
        accept: () => Promise.reject(Object.assign(new Error('SQLITE_FULL: database or disk is full'), { code: 'SQLITE_FULL' })),
        accepted: () => {
          woken = true;
        },
      },
    );
    const reply = await deliverByDialog({ port: edge.port, from: 'jane@example.com', to: CAMPAIGN, message: 'Subject: hi\r\n\r\nhello' });
    expect(reply).toBe('451 4.3.0 Temporary storage failure, please try again later');
    expect(woken).toBe(false);
  });
});

describe('listener group commit', () => {
  const STORAGE_FAILURE = '451 4.3.0 Temporary storage failure, please try again later';

  /** Sessions that have had their 354 to DATA. */
  function atData(port: number, count: number): Promise<SmtpDialog[]> {
    return Promise.all(
      Array.from({ length: count }, async (_, i) => {
        const { dialog } = await open(port);
        await dialog.send('EHLO client.example.com');
        await dialog.send(`MAIL FROM:<sender-${i}@example.com>`);
        await dialog.send(`RCPT TO:<${CAMPAIGN}>`);
        expect(await dialog.send('DATA')).toBe('354 End data with <CR><LF>.<CR><LF>');
        return dialog;
      }),
    );
  }

  /**
   * Sends every session's message, final dot included, in one write each and all at once, so
   * their DATA ends in the same event-loop turn of the listener. (A body sent ahead of its dot
   * would let Nagle hold the dot back until the body's delayed ACK, a different wait per socket.)
   */
  function sendTogether(dialogs: SmtpDialog[]): Promise<string[]> {
    dialogs.forEach((dialog, i) => dialog.write(`Subject: together ${i}\r\n\r\nhello\r\n.\r\n`));
    return Promise.all(dialogs.map((dialog) => dialog.reply()));
  }

  it('stores five messages that end together in two commits (the first at once, four as one) with a 250 each', async () => {
    edge = await startEdgeListener();
    const sessions = await atData(edge.port, 5);
    edge.store.db.pragma('wal_checkpoint(TRUNCATE)');
    const replies = await sendTogether(sessions);
    expect(walCommits(edge.store.db.name)).toBe(2);
    const stored = edge.messages();
    const queued = replies.map((reply) => Number(/^250 2\.0\.0 Queued as (\d+)$/.exec(reply)?.[1]));
    expect(queued.sort((a, b) => a - b)).toEqual(stored.map((message) => message.id));
    expect(stored.map((message) => message.raw.toString()).sort()).toEqual(
      [0, 1, 2, 3, 4].map((i) => `Subject: together ${i}\r\n\r\nhello\r\n`),
    );
  });

  it('answers 451 to every message of a batch whose commit fails, and stores none of them', async () => {
    const woken: number[][] = [];
    edge = await startEdgeListener({}, { accepted: (ids) => woken.push(ids) });
    // A deferred foreign key every stored message breaks: the inserts succeed and the COMMIT
    // fails, as a commit does when the disk fails under it.
    edge.store.db.exec(`CREATE TEMP TABLE nowhere (id INTEGER PRIMARY KEY);
      CREATE TEMP TABLE doomed (message_id INTEGER REFERENCES nowhere (id) DEFERRABLE INITIALLY DEFERRED);
      CREATE TEMP TRIGGER doom AFTER INSERT ON messages BEGIN INSERT INTO doomed VALUES (NEW.id); END`);
    expect(await sendTogether(await atData(edge.port, 5))).toEqual(Array(5).fill(STORAGE_FAILURE));
    expect(edge.messages()).toEqual([]);
    expect(woken).toEqual([]);

    edge.store.db.exec('DROP TRIGGER temp.doom');
    const reply = await deliverByDialog({ port: edge.port, from: 'jane@example.com', to: CAMPAIGN, message: 'Subject: later\r\n\r\nhello' });
    expect(reply).toMatch(/^250 2\.0\.0 Queued as \d+$/);
    expect(edge.messages()).toHaveLength(1);
  });
});

describe('listener limits', () => {
  it('answers 452 4.5.3 past maxRecipients; a repeated recipient does not count', async () => {
    edge = await startEdgeListener({ maxRecipients: 2 });
    const { dialog } = await open(edge.port);
    await dialog.send('EHLO client.example.com');
    expect(await dialog.send('MAIL FROM:<jane@example.com>')).toBe('250 Accepted');
    expect(await dialog.send('RCPT TO:<webinar-q3@meet.acme.com>')).toBe('250 Accepted');
    expect(await dialog.send('RCPT TO:<webinar-q3+a@meet.acme.com>')).toBe('250 Accepted');
    expect(await dialog.send('RCPT TO:<WEBINAR-Q3@meet.acme.com>')).toBe('250 Accepted');
    expect(await dialog.send('RCPT TO:<webinar-q3+b@meet.acme.com>')).toBe('452 4.5.3 Too many recipients');
    expect(await dialog.send('DATA')).toBe('354 End data with <CR><LF>.<CR><LF>');
    expect(await dialog.data('Subject: two\r\n\r\nhello')).toMatch(/^250 2\.0\.0 Queued as \d+$/);
    // smtp-server keeps one entry per address (the later spelling), so the repeat took no slot.
    expect(JSON.parse(edge.messages()[0]!.envelope_to)).toEqual(['WEBINAR-Q3@meet.acme.com', 'webinar-q3+a@meet.acme.com']);
  });

  it('still refuses a recipient that is not a campaign address with 550 5.1.1', async () => {
    edge = await startEdgeListener({ maxRecipients: 2 });
    const { dialog } = await open(edge.port);
    await dialog.send('EHLO client.example.com');
    await dialog.send('MAIL FROM:<jane@example.com>');
    expect(await dialog.send('RCPT TO:<sales@meet.acme.com>')).toBe('550 5.1.1 <sales@meet.acme.com>: no such campaign address here');
  });

  it('refuses a connection past maxConnections with 421 4.7.0 and closes it', async () => {
    edge = await startEdgeListener({ maxConnections: 2 });
    const first = await open(edge.port);
    const second = await open(edge.port);
    expect(first.greeting).toBe('220 meet.acme.com ESMTP campaign-agent ESMTP');
    expect(second.greeting).toBe('220 meet.acme.com ESMTP campaign-agent ESMTP');
    const third = await open(edge.port);
    expect(third.greeting).toBe('421 4.7.0 Too many connections, try again later');
    expect(await third.dialog.closedByServer()).toBe(true);

    expect(await first.dialog.send('QUIT')).toBe('221 Bye');
    expect(await first.dialog.closedByServer()).toBe(true);
    // The slot is free again once the first session has ended.
    expect((await open(edge.port)).greeting).toBe('220 meet.acme.com ESMTP campaign-agent ESMTP');
  });

  it('refuses a client over its connections per minute with 421 4.7.0, and admits it a minute later', async () => {
    let now = Date.parse('2026-03-02T10:00:00Z');
    edge = await startEdgeListener({ maxConnectionsPerIpPerMinute: 2 }, { now: () => now });
    for (let i = 0; i < 2; i++) {
      const { dialog, greeting } = await open(edge.port);
      expect(greeting).toMatch(/^220 /);
      dialog.close();
    }
    const refused = await open(edge.port);
    expect(refused.greeting).toBe('421 4.7.0 Too many connections from your address, try again later');
    expect(await refused.dialog.closedByServer()).toBe(true);
    now += 60_000;
    expect((await open(edge.port)).greeting).toMatch(/^220 /);
  });

  it('closes an idle session with 421 after idleTimeoutSeconds', async () => {
    edge = await startEdgeListener({ idleTimeoutSeconds: 1 });
    const { dialog } = await open(edge.port);
    expect(await dialog.send('EHLO client.example.com')).toMatch(/^250-/);
    const started = Date.now();
    expect(await dialog.reply(5_000)).toBe('421 Timeout - closing connection');
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(await dialog.closedByServer()).toBe(true);
  });

  it('drops a client whose command line is over 1000 bytes with 421, and keeps serving others', async () => {
    edge = await startEdgeListener();
    const { dialog } = await open(edge.port);
    await dialog.send('EHLO client.example.com');
    expect(await dialog.send(`NOOP ${'x'.repeat(995)}`)).toBe('250 OK');
    expect(await dialog.send(`MAIL FROM:<jane@example.com> X-PAD=${'x'.repeat(1000)}`)).toBe('421 Error: Command line too long');
    expect(await dialog.closedByServer()).toBe(true);
    const reply = await deliverByDialog({ port: edge.port, from: 'jane@example.com', to: CAMPAIGN, message: 'Subject: after\r\n\r\nstill here' });
    expect(reply).toMatch(/^250 2\.0\.0 Queued as \d+$/);
  });
});

describe('listener shutdown', () => {
  async function midData(port: number): Promise<SmtpDialog> {
    const { dialog } = await open(port);
    await dialog.send('EHLO client.example.com');
    await dialog.send('MAIL FROM:<jane@example.com>');
    await dialog.send(`RCPT TO:<${CAMPAIGN}>`);
    expect(await dialog.send('DATA')).toBe('354 End data with <CR><LF>.<CR><LF>');
    dialog.write('Subject: in flight\r\n\r\nfirst half\r\n');
    return dialog;
  }

  it('stops accepting at once, lets idle sessions go, and lets a message in flight finish with its 250', async () => {
    edge = await startEdgeListener({ shutdownGraceMs: 5_000 });
    const idle = await open(edge.port);
    await idle.dialog.send('EHLO idle.example.com');
    const sending = await midData(edge.port);

    const started = Date.now();
    const closed = edge.listener.close();
    expect(edge.listener.listening).toBe(false);
    expect(await idle.dialog.reply()).toBe('421 4.3.2 Service shutting down, try again later');
    expect(await idle.dialog.closedByServer()).toBe(true);
    await expect(smtpDialog(edge.port)).rejects.toThrow(/ECONNREFUSED/);

    expect(await sending.data('second half')).toMatch(/^250 2\.0\.0 Queued as \d+$/);
    expect(await sending.reply()).toBe('421 4.3.2 Service shutting down, try again later');
    await closed;
    // Nobody was left to wait for, so close() did not sit out the grace period.
    expect(Date.now() - started).toBeLessThan(4_000);
    expect(edge.messages().map((message) => message.raw.toString())).toEqual(['Subject: in flight\r\n\r\nfirst half\r\nsecond half\r\n']);
  });

  it('ends a session still sending when the grace period is over with 421, and stores nothing of it', async () => {
    edge = await startEdgeListener({ shutdownGraceMs: 300 });
    const sending = await midData(edge.port);
    const started = Date.now();
    await edge.listener.close();
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    expect(await sending.reply()).toBe('421 Server shutting down');
    expect(await sending.closedByServer()).toBe(true);
    expect(edge.messages()).toEqual([]);
  });
});
