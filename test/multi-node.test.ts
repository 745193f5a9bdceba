import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { createTransport } from 'nodemailer';
import pg from 'pg';
import { freePort, spawnService, type ChildService } from './support/child-service.js';
import { describeWithPostgres, postgresDatabase } from './support/postgres.js';
import { startRelaySink, type CapturedMail } from './support/relay-sink.js';
import { tempDir } from './support/service.js';

const CAMPAIGN = 'webinar-q3@meet.acme.com';
/** As many as the demo team has distinct free times for, three each (see offer-burst.test.ts). */
const PROSPECTS = 24;
const prospect = (i: number) => `prospect${i}@lead${i}.example`;

/**
 * Three `serve` processes on one PostgreSQL database, as three MX hosts would run: mail comes
 * in at all of them, one is SIGKILLed mid-stream and restarted, and the prospects then race for
 * times through different nodes. What must hold is what a prospect and a rep would notice.
 */
describeWithPostgres('several nodes on one PostgreSQL database', () => {
  const closers: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const close of closers.splice(0).reverse()) await close().catch(() => undefined);
  });

  it('answers every accepted mail exactly once through a node killed mid-stream, and books no time twice', async () => {
    const database = await postgresDatabase();
    closers.push(() => database.drop());
    const relay = await startRelaySink();
    closers.push(() => relay.close());
    const ports = await Promise.all(Array.from({ length: 3 }, async () => ({ smtp: await freePort(), http: await freePort() })));
    const unused = join(tempDir(), 'unused.db');
    const start = (index: number) =>
      spawnService({
        DATABASE_URL: database.url,
        DATABASE_PATH: unused,
        OUTBOUND_SMTP_URL: relay.url,
        SMTP_PORT: String(ports[index]!.smtp),
        HTTP_PORT: String(ports[index]!.http),
      });
    // One at a time: three nodes starting together apply the migrations once between them
    // (a database test proves that); here the start-up line of each must be read in turn.
    const nodes: Array<ChildService | null> = [];
    for (let index = 0; index < 3; index++) nodes.push(await start(index));
    closers.push(async () => {
      for (const node of nodes) await node?.stop();
    });

    // A mail refused (or cut off) by a dead node goes to the next MX, with the same Message-ID.
    const send = async (first: number, message: { from: string; to: string; subject: string; text: string; messageId: string; inReplyTo?: string }) => {
      for (let attempt = 0; attempt < 3; attempt++) {
        const index = (first + attempt) % 3;
        const transport = createTransport({ host: '127.0.0.1', port: ports[index]!.smtp, secure: false, ignoreTLS: true, connectionTimeout: 2_000 });
        try {
          await transport.sendMail(message);
          return;
        } catch {
          // next MX
        } finally {
          transport.close();
        }
      }
      throw new Error(`no node took ${message.messageId}`);
    };

    const firstContacts = Array.from({ length: PROSPECTS }, (_, i) => async () =>
      send(i % 3, { from: prospect(i), to: CAMPAIGN, subject: `Webinar ${i}`, text: 'Thanks for the webinar, could we set up a call?', messageId: `<first-${i}@lead${i}.example>` }));
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    closers.push(() => client.end());
    const count = async (sql: string, values: unknown[] = []) => Number((await client.query<{ n: string }>(sql, values)).rows[0]!.n);

    const sending = Promise.all(firstContacts.slice(0, PROSPECTS / 2).map((contact) => contact()));
    // Killed while it holds claims on messages it has not finished: those must not be lost.
    const inFlight = `SELECT count(*) AS n FROM messages WHERE direction = 'in' AND status = 'processing' AND claimed_by LIKE $1`;
    const node1 = `%:${ports[1]!.smtp}`;
    for (const waitUntil = Date.now() + 10_000; (await count(inFlight, [node1])) === 0 && Date.now() < waitUntil;) {
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    const claimedAtKill = await count(inFlight, [node1]);
    await nodes[1]!.kill();
    expect(claimedAtKill, 'messages node 1 held when it was killed').toBeGreaterThan(0);
    nodes[1] = null;
    await sending;
    await Promise.all(firstContacts.slice(PROSPECTS / 2).map((contact) => contact()));
    nodes[1] = await start(1);

    const offers = await relay.waitFor(PROSPECTS, 60_000);
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const toProspect = (mails: CapturedMail[], i: number) => mails.filter((mail) => mail.envelopeTo.includes(prospect(i)));
    for (let i = 0; i < PROSPECTS; i++) expect(toProspect(relay.received, i), prospect(i)).toHaveLength(1);
    // Turns on different nodes took turns on the reps' holds: no time was offered to two leads.
    expect(await count(`SELECT count(*) AS n FROM (SELECT host_id, start_at FROM offered_slots GROUP BY 1, 2 HAVING count(*) > 1) AS twice`)).toBe(0);

    // Everyone picks the first time offered, at once, through another node than before.
    await Promise.all(
      Array.from({ length: PROSPECTS }, async (_, i) => {
        const [offer] = toProspect(offers.concat(relay.received), i);
        await send((i + 1) % 3, {
          from: prospect(i),
          to: offer!.parsed.replyTo!.value[0]!.address!,
          subject: `Re: ${offer!.parsed.subject}`,
          inReplyTo: offer!.parsed.messageId!,
          text: '1 works for me',
          messageId: `<pick-${i}@lead${i}.example>`,
        });
      }),
    );

    const deadline = Date.now() + 60_000;
    while (
      (await count(`SELECT count(*) AS n FROM messages WHERE direction = 'in' AND status NOT IN ('processed', 'handed_off')`)) > 0
      || (await count(`SELECT count(*) AS n FROM messages WHERE direction = 'out' AND status = 'queued'`)) > 0
    ) {
      if (Date.now() > deadline) throw new Error('messages still waiting a minute after the last one arrived');
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    await new Promise((resolve) => setTimeout(resolve, 1_000));

    // Every prospect: one answer to each of their two mails, never two.
    for (let i = 0; i < PROSPECTS; i++) expect(toProspect(relay.received, i), prospect(i)).toHaveLength(2);
    const messageIds = relay.received.map((mail) => mail.parsed.messageId);
    expect(new Set(messageIds).size).toBe(messageIds.length);
    expect(await count(`SELECT count(*) AS n FROM messages WHERE direction = 'out' AND status = 'sent'`)).toBe(relay.received.length);
    // Each inbound mail was taken as one lead's message once: a copy accepted twice (its 250 lost
    // with the node) is a duplicate, not a second conversation.
    expect(await count(`SELECT count(DISTINCT lead_id) AS n FROM conversations`)).toBe(PROSPECTS);
    expect(await count(`SELECT count(*) AS n FROM leads`)).toBe(PROSPECTS);
    // No host has two confirmed meetings at once, whatever node booked them.
    expect(await count(`SELECT count(*) AS n FROM booking_hosts a JOIN booking_hosts b
      ON a.host_id = b.host_id AND a.booking_id < b.booking_id AND a.status = 'confirmed' AND b.status = 'confirmed'
      AND a.start_at < b.end_at AND b.start_at < a.end_at`)).toBe(0);
    expect(await count(`SELECT count(*) AS n FROM bookings WHERE status = 'confirmed'`)).toBeGreaterThan(0);
  }, 120_000);

  it('splits the roles: a listener that only takes mail, a worker that answers it, each healthy in its role', async () => {
    const database = await postgresDatabase();
    closers.push(() => database.drop());
    const relay = await startRelaySink();
    closers.push(() => relay.close());
    const env = { DATABASE_URL: database.url, DATABASE_PATH: join(tempDir(), 'unused.db'), OUTBOUND_SMTP_URL: relay.url };
    const listener = await spawnService(env, ['--role', 'listener,web']);
    closers.push(() => listener.stop());
    const worker = await spawnService(env, ['--role', 'worker,web']);
    closers.push(() => worker.stop());

    const transport = createTransport({ host: '127.0.0.1', port: listener.smtpPort, secure: false, ignoreTLS: true });
    for (let i = 0; i < 3; i++) await transport.sendMail({ from: prospect(i), to: CAMPAIGN, subject: `Hello ${i}`, text: 'Could we set up a call?' });
    transport.close();
    const answers = await relay.waitFor(3, 30_000);
    expect(answers.flatMap((mail) => mail.envelopeTo).sort()).toEqual([prospect(0), prospect(1), prospect(2)].sort());

    const health = async (port: number) => (await fetch(`http://127.0.0.1:${port}/healthz`)).json() as Promise<{ status: string; smtp: boolean | null }>;
    expect(await health(listener.httpPort)).toMatchObject({ status: 'ok', smtp: true });
    expect(await health(worker.httpPort)).toMatchObject({ status: 'ok', smtp: null });
  }, 60_000);
});
