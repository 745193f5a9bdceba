import { afterEach, expect, it } from 'vitest';
import { createTransport } from 'nodemailer';
import pg from 'pg';
import pino from 'pino';
import { startRelaySink } from './support/relay-sink.js';
import { demoConfig } from './support/service.js';
import { describeWithPostgres, postgresDatabase, type TestDatabase } from './support/postgres.js';
import { startService } from '../src/service/service.js';

/**
 * The whole product on the PostgreSQL engine: mail over SMTP into the service, the pipeline on
 * its own thread, the meeting booked, every row where a second node would find it.
 */
describeWithPostgres('a prospect books a meeting on the PostgreSQL engine', () => {
  const closers: Array<() => Promise<void>> = [];
  let database: TestDatabase;
  afterEach(async () => {
    for (const close of closers.splice(0).reverse()) await close();
  });

  it('offers times, books the pick and sends the invite, with the lead, booking and messages in PostgreSQL', async () => {
    database = await postgresDatabase();
    closers.push(() => database.drop());
    const relay = await startRelaySink();
    closers.push(() => relay.close());
    const base = demoConfig({ outboundSmtpUrl: relay.url });
    const config = { ...base, service: { ...base.service, databaseUrl: database.url } };
    const service = await startService(config, { logger: pino({ level: 'silent' }), pipelineThread: true });
    closers.push(() => service.close());

    const prospect = createTransport({ host: '127.0.0.1', port: service.smtp.port, secure: false, ignoreTLS: true });
    await prospect.sendMail({ from: 'Jane Doe <jane.doe@example.com>', to: 'webinar-q3@meet.acme.com', subject: 'Demo request', text: 'Hi, could we set up a demo next week? Jane' });
    const [offer] = await relay.waitFor(1);
    expect(offer!.parsed.subject).toBe('Re: Demo request');
    await prospect.sendMail({
      from: 'jane.doe@example.com',
      to: offer!.parsed.replyTo!.value[0]!.address!,
      subject: `Re: ${offer!.parsed.subject}`,
      inReplyTo: offer!.parsed.messageId!,
      text: '1 works for me',
    });
    const mails = await relay.waitFor(3);
    expect(mails.map((mail) => mail.envelopeTo.join(','))).toContain('jane.doe@example.com');
    expect(mails.some((mail) => mail.raw.toString().includes('METHOD:REQUEST'))).toBe(true);

    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      const count = async (sql: string) => Number((await client.query(sql)).rows[0].n);
      expect(await count(`SELECT count(*) AS n FROM leads WHERE email = 'jane.doe@example.com' AND status = 'booked'`)).toBe(1);
      expect(await count(`SELECT count(*) AS n FROM bookings WHERE status = 'confirmed'`)).toBe(1);
      expect(await count(`SELECT count(*) AS n FROM messages WHERE direction = 'in' AND status = 'processed' AND claimed_by IS NULL`)).toBe(2);
      expect(await count(`SELECT count(*) AS n FROM messages WHERE direction = 'out' AND status = 'sent'`)).toBe(mails.length);
    } finally {
      await client.end();
    }
  });
});
