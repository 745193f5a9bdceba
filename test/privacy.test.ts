import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './support/pipeline-harness.js';
import { ALICE, CALENDARS, campaignYaml, GINA, ginaOnGoogle, MONDAY, WEBINAR } from './support/e2e-team.js';
import { fakeGoogleWithGina } from './support/fake-google-calendar.js';
import { createFileSender } from '../src/mail/outbound.js';
import { bodiesFolder, openSqliteStore } from '../src/store/sqlite/store.js';
import { BY_HAND } from '../src/store/spool.js';

const JANE = 'Jane Doe <jane.doe@acme-customer.com>';
const JANE_EMAIL = 'jane.doe@acme-customer.com';
const TOM = 'Tom Roe <tom.roe@acme-customer.com>';
const SAM = 'Sam Wu <sam.wu@other-customer.com>';
/** Words only Jane wrote: they must go with her. */
const JANE_WORDS = 'Zanzibar-pelican budget review';
const YAML = campaignYaml({ hosts: [ALICE] });

function cli(args: string[]) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], {
    env: { ...process.env, LOG_LEVEL: 'silent', USER: 'dpo-anna' },
    encoding: 'utf8',
    timeout: 30_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The CLI without blocking this process: the fake calendar it talks to runs here. */
function cliAsync(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], { env: { ...process.env, LOG_LEVEL: 'silent', USER: 'dpo-anna', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Every file the service keeps for the database in `dir`: the database and its WAL, body files, the outbox. */
function filesOf(dir: string): string[] {
  const database = join(dir, 'test.db');
  const folders = [bodiesFolder(database), join(dir, 'outbox')].filter(existsSync);
  return [database, `${database}-wal`, ...folders.flatMap((folder) => readdirSync(folder).map((name) => join(folder, name)))].filter(existsSync);
}

function mention(files: string[], needle: string): string[] {
  return files.filter((file) => {
    const bytes = readFileSync(file);
    return bytes.includes(Buffer.from(needle)) || bytes.includes(Buffer.from(needle, 'utf16le'));
  });
}

/** A thread with everything the service keeps: a large body in a file, an offer, a colleague, a booking, an outbox copy; and another lead. */
async function threadWithJane(): Promise<Harness> {
  const h = startHarness({ yaml: YAML, files: CALENDARS, now: MONDAY });
  // Over 512 KB: the listener keeps such a body in a file, as this does.
  const padding = `${'My notes for the call, line by line. '.repeat(40)}\n`.repeat(400);
  const raw = Buffer.from(
    `From: ${JANE}\r\nTo: ${WEBINAR}\r\nSubject: Demo for ${JANE_WORDS}\r\nMessage-ID: <first@acme-customer.com>\r\nDate: Mon, 16 Nov 2026 08:00:00 +0000\r\n` +
      `MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nHello, could we set up a demo? It is for our ${JANE_WORDS}.\r\n\r\n${padding}\r\nJane Doe\r\n${JANE_EMAIL}\r\n`,
  );
  const writer = await (await h.store.spool.createBodyFile())!;
  await writer.write(raw);
  const file = await writer.finish();
  const [id] = await h.store.spool.accept([{ campaign: WEBINAR, envelopeFrom: JANE_EMAIL, envelopeTo: [WEBINAR], remoteAddress: '127.0.0.1', helo: 'client.test', raw: file, receivedAt: h.now }]);
  await h.pipeline.process((await h.store.spool.claimById(id!, Date.now(), BY_HAND))!);
  const [offer] = await h.fresh();
  h.advanceHours(0.2);
  await h.receive(h.inThread(offer!, { from: TOM, cc: JANE, text: `Adding myself for the ${JANE_WORDS}. The first one works for us.` }));
  await h.receive({ from: SAM, subject: 'Pricing', text: 'Hello, I would like a demo call.' });
  // What the outbox folder holds when no relay is configured: the agent's mail, as files.
  const sender = createFileSender(join(h.dir, 'outbox'));
  for (const mail of await h.outbound()) await sender.send({ id: mail.id, raw: mail.raw } as Parameters<typeof sender.send>[0]);
  return h;
}

describe('campaign-agent export and forget', () => {
  it('export prints everything held about the person; forget erases it from every file, and the reports still count them', async () => {
    const h = await threadWithJane();
    const database = join(h.dir, 'test.db');
    const config = join(h.dir, 'campaigns.yaml');
    const week = { since: Date.parse(MONDAY) - 86_400_000, until: h.now + 86_400_000 };
    const before = (await h.report(week.since, week.until)).rows.find((row) => row.key === WEBINAR)!;
    expect(before).toMatchObject({ leads: 2, booked: 1 });
    // What a CRM was told about her, as a webhook delivery would hold it.
    const janeLead = h.rows<{ id: number }>(`SELECT id FROM leads WHERE email = ?`, JANE_EMAIL)[0]!.id;
    await h.store.webhooks.enqueue([{ webhookId: 'msg_jane', endpoint: 'https://crm.example/hooks', event: 'lead.created', leadId: janeLead, payload: JSON.stringify({ data: { lead: { email: JANE_EMAIL } } }) }], h.now);
    expect(mention(filesOf(h.dir), JANE_EMAIL).length).toBeGreaterThan(0);
    expect(readdirSync(join(h.dir, 'outbox')).length).toBeGreaterThan(0);
    await h.close();

    const exported = cli(['--config', config, 'export', JANE_EMAIL, '--database', database]);
    expect(exported.stderr).toBe('');
    expect(exported.code).toBe(0);
    const person = JSON.parse(exported.stdout) as {
      leads: Array<{ email: string }>; contacts: Array<{ email: string }>; bookings: Array<{ attendee: string }>;
      messages: Array<{ direction: string; rawBase64: string | null; visibleText: string | null }>;
    };
    expect(person.leads.map((lead) => lead.email)).toEqual([JANE_EMAIL]);
    expect(person.contacts.map((contact) => contact.email).sort()).toEqual([JANE_EMAIL, 'tom.roe@acme-customer.com']);
    expect(person.bookings.map((booking) => booking.attendee)).toEqual([JANE_EMAIL]);
    expect((person as unknown as { webhooks: Array<{ event: string }> }).webhooks.map((delivery) => delivery.event)).toEqual(['lead.created']);
    // Her first message byte for byte, from its body file.
    const first = person.messages.find((message) => message.direction === 'in')!;
    expect(Buffer.from(first.rawBase64!, 'base64').toString('utf8')).toContain(`It is for our ${JANE_WORDS}.`);
    expect(person.messages.some((message) => message.direction === 'out')).toBe(true);

    const forgotten = cli(['--config', config, 'forget', JANE_EMAIL, '--database', database]);
    expect(forgotten.stderr).toBe('');
    expect(forgotten.code).toBe(0);
    expect(forgotten.stdout).toMatch(/forgotten in 1 lead\(s\) and \d+ message\(s\); \d+ outbox file\(s\) deleted/);

    // Nowhere on disk: not in the database, its WAL, a body file or the outbox.
    const files = filesOf(h.dir);
    expect(files.length).toBeGreaterThan(0);
    const reopened = startHarness({ yaml: YAML, files: CALENDARS, now: MONDAY, databasePath: database });
    try {
      expect(mention(files, JANE_EMAIL)).toEqual([]);
      expect(mention(files, JANE_WORDS)).toEqual([]);
      expect(mention(files, 'Jane Doe')).toEqual([]);
      // The other lead is untouched, and the counts are as before.
      expect(mention(files, 'sam.wu@other-customer.com').length).toBeGreaterThan(0);
      expect((await reopened.report(week.since, week.until)).rows.find((row) => row.key === WEBINAR)).toMatchObject({ leads: 2, booked: 1 });
      // Recorded: who and when, never the address.
      expect(reopened.rows(`SELECT kind, requested_by, leads FROM privacy_requests ORDER BY id`)).toEqual([
        { kind: 'export', requested_by: 'dpo-anna', leads: 1 },
        { kind: 'forget', requested_by: 'dpo-anna', leads: 1 },
      ]);
    } finally {
      await reopened.close();
    }
    expect(cli(['--config', config, 'export', JANE_EMAIL, '--database', database])).toMatchObject({ code: 1, stderr: `nothing is held about ${JANE_EMAIL}\n` });
    expect(cli(['--config', config, 'forget', 'not-an-address', '--database', database])).toMatchObject({ code: 1 });
  });

  it('forgetting a colleague takes them out of the thread and its meeting, and leaves the lead', async () => {
    const h = await threadWithJane();
    await h.store.personalData.forget('tom.roe@acme-customer.com', { now: h.now, by: 'test' });
    expect(h.rows(`SELECT email FROM contacts WHERE lead_id = (SELECT id FROM leads WHERE email = ?) ORDER BY id`, JANE_EMAIL)).toEqual([
      { email: JANE_EMAIL },
      { email: expect.stringMatching(/^forgotten-contact\d+@forgotten\.invalid$/) },
    ]);
    const state = JSON.parse(h.rows<{ state: string }>(`SELECT state FROM conversations ORDER BY id LIMIT 1`)[0]!.state) as { guests: unknown[] };
    expect(state.guests).toEqual([]);
    expect(h.rows(`SELECT count(*) AS n FROM messages WHERE from_address = 'tom.roe@acme-customer.com' OR visible_text LIKE '%Adding myself%'`)).toEqual([{ n: 0 }]);
    expect(h.rows(`SELECT email FROM leads WHERE email = ?`, JANE_EMAIL)).toHaveLength(1);
    await h.close();
  });
});

describe('forget and the calendars', () => {
  it('takes the person off the Google event without mailing anyone; a calendar that refuses stops the forget before anything is erased', async () => {
    const { fake, env } = await fakeGoogleWithGina(() => Date.parse(MONDAY));
    try {
      const h = startHarness({ yaml: campaignYaml({ hosts: [ginaOnGoogle()] }), now: MONDAY, env });
      await h.receive({ from: JANE, subject: 'Demo', text: 'Hi, can we set up a demo?' });
      const [offer] = await h.fresh();
      h.advanceHours(0.2);
      await h.receive(h.inThread(offer!, { from: JANE, text: 'The first one, please.' }));
      const live = () => fake.events(GINA).filter((event) => event.status !== 'cancelled');
      expect(live()).toHaveLength(1);
      expect(JSON.stringify(live()[0])).toContain(JANE_EMAIL);
      await h.close();
      const args = ['--config', join(h.dir, 'campaigns.yaml'), 'forget', JANE_EMAIL, '--database', join(h.dir, 'test.db')];

      fake.failNext({ method: 'PATCH' }, { status: 403, reason: 'forbidden' });
      const refused = await cliAsync(args, env);
      expect(refused.code).toBe(2);
      expect(refused.stderr).toMatch(/^nothing was forgotten: 1 calendar event\(s\) could not be changed/);
      expect(refused.stderr).toContain('--skip-calendars');
      const still = openSqliteStore(join(h.dir, 'test.db'));
      expect(still.db.prepare(`SELECT count(*) FROM leads WHERE email = ?`).pluck().get(JANE_EMAIL)).toBe(1);
      await still.close();

      const forgotten = await cliAsync(args, env);
      expect(forgotten.stderr).toBe('');
      expect(forgotten.stdout).toContain('1 calendar event(s) no longer name them.');
      const [event] = live();
      expect(JSON.stringify(event)).not.toContain(JANE_EMAIL);
      expect(JSON.stringify(event)).not.toContain('Jane');
      expect(event!.summary).toContain('a forgotten attendee');
      expect((event!.attendees as Array<{ email: string }>).map((attendee) => attendee.email)).toEqual([GINA]);
      const patches = fake.apiRequests({ method: 'PATCH' });
      expect(patches.map((request) => request.query.sendUpdates)).toEqual(['none', 'none']);
    } finally {
      await fake.close();
    }
  });
});

describe('service.retention', () => {
  it('deletes the bodies and text of messages past their days, hourly, and keeps the counts', async () => {
    const h = await threadWithJane();
    const database = join(h.dir, 'test.db');
    const bodies = bodiesFolder(database);
    expect(readdirSync(bodies)).toHaveLength(1);
    await h.close();

    const kept = startHarness({ yaml: campaignYaml({ hosts: [ALICE], service: '  retention:\n    messages_days: 30\n' }), files: CALENDARS, now: MONDAY, databasePath: database });
    try {
      // As the worker marks them once the relay has taken them; mail still waiting to go is kept.
      kept.store.db.prepare(`UPDATE messages SET status = 'sent' WHERE direction = 'out'`).run();
      kept.advanceHours(24 * 10);
      await kept.pipeline.followUps();
      expect(kept.rows(`SELECT count(*) AS n FROM messages WHERE visible_text IS NOT NULL`)).not.toEqual([{ n: 0 }]);
      kept.advanceHours(24 * 25);
      await kept.pipeline.followUps();
      expect(kept.rows(`SELECT count(*) AS n FROM messages WHERE visible_text IS NOT NULL OR length(raw) > 0`)).toEqual([{ n: 0 }]);
      expect(kept.rows(`SELECT count(*) AS n FROM message_bodies`)).toEqual([{ n: 0 }]);
      expect(readdirSync(bodies)).toEqual([]);
      expect((await kept.report(Date.parse(MONDAY) - 86_400_000, Date.parse(MONDAY) + 86_400_000)).rows.find((row) => row.key === WEBINAR)).toMatchObject({ leads: 2, booked: 1 });
      expect(kept.rows(`SELECT kind, requested_by FROM privacy_requests`)).toEqual([{ kind: 'retention', requested_by: 'service.retention' }]);
    } finally {
      await kept.close();
    }
    const direct = openSqliteStore(database);
    expect(direct.db.prepare(`SELECT count(*) FROM messages`).pluck().get()).toBeGreaterThan(4);
    await direct.close();
  });
});
