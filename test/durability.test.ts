import { afterEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { readdirSync } from 'node:fs';
import { deliverByDialog, smtpDialog } from './support/smtp-dialog.js';
import { mailWithAttachment } from './support/large-mail.js';
import { bodiesFolder } from '../src/store/sqlite/store.js';
import { startRelaySink } from './support/relay-sink.js';
import { freePort, spawnService, type ChildService } from './support/child-service.js';
import { tempDir } from './support/service.js';

const MESSAGE = [
  'From: Jane Doe <jane.doe@example.com>',
  'To: webinar-q3@meet.acme.com',
  'Subject: Demo please',
  'Message-ID: <durable-1@example.com>',
  'Date: Fri, 20 Nov 2026 10:00:00 -0500',
  '',
  'Hi, could we set up a demo? Jane',
].join('\r\n');

const deliver = (port: number) =>
  deliverByDialog({ port, from: 'jane.doe@example.com', to: 'webinar-q3@meet.acme.com', message: MESSAGE });

/** Written to a body file as it arrives, not to the database. */
const LARGE_MESSAGE = mailWithAttachment({ to: 'webinar-q3@meet.acme.com', attachmentBytes: 600_000, messageId: 'durable-large@example.com' });

describe('accepted mail survives a crash', () => {
  const running: ChildService[] = [];
  const relays: Array<Awaited<ReturnType<typeof startRelaySink>>> = [];
  afterEach(async () => {
    await Promise.all(running.splice(0).map((service) => service.kill()));
    // Only then: the service's pooled SMTP sessions keep a relay from closing until they end.
    await Promise.all(relays.splice(0).map((relay) => relay.close()));
  });

  for (const mode of ['before processing starts', 'while the worker runs'] as const) {
    it(`a SIGKILL right after 250 (${mode}) loses nothing and answers exactly once`, async () => {
      const relay = await startRelaySink();
      relays.push(relay);
      // Restarted on the same ports: the same node, which takes back at once a message its
      // killed run had claimed (another node would wait for the claim's lease).
      const env = {
        CAMPAIGN_AGENT_CONFIG: 'config/campaigns.yaml',
        DATABASE_PATH: join(tempDir(), 'agent.db'),
        OUTBOUND_SMTP_URL: relay.url,
        SMTP_PORT: String(await freePort()),
        HTTP_PORT: String(await freePort()),
      };
      const first = await spawnService(env, mode === 'before processing starts' ? ['--no-worker'] : []);
      running.push(first);
      expect(await deliver(first.smtpPort)).toMatch(/^250 /);
      await first.kill();

      const second = await spawnService(env);
      running.push(second);
      const [reply] = await relay.waitFor(1, 15_000);
      expect(reply!.envelopeTo).toEqual(['jane.doe@example.com']);
      expect(reply!.parsed.inReplyTo).toBe('<durable-1@example.com>');
      await new Promise((resolve) => setTimeout(resolve, 1500));
      // Delivery is at-least-once: a kill between the relay's 250 and our bookkeeping may
      // resend, but always the same message (same Message-ID), never a second answer.
      expect(new Set(relay.received.map((mail) => mail.parsed.messageId)).size).toBe(1);
      if (mode === 'before processing starts') expect(relay.received).toHaveLength(1);
    });
  }

  it('a large message, kept in a body file, survives a SIGKILL right after its 250 and is answered', async () => {
    const relay = await startRelaySink();
    relays.push(relay);
    const env = {
      CAMPAIGN_AGENT_CONFIG: 'config/campaigns.yaml',
      DATABASE_PATH: join(tempDir(), 'agent.db'),
      OUTBOUND_SMTP_URL: relay.url,
    };
    const first = await spawnService(env, ['--no-worker']);
    running.push(first);
    const dialog = await smtpDialog(first.smtpPort);
    await dialog.greeting();
    await dialog.send('EHLO client.example.com');
    await dialog.send('MAIL FROM:<jane.doe@example.com>');
    await dialog.send('RCPT TO:<webinar-q3@meet.acme.com>');
    await dialog.send('DATA');
    expect(await dialog.data(LARGE_MESSAGE)).toMatch(/^250 /);
    dialog.close();
    await first.kill();
    expect(readdirSync(bodiesFolder(env.DATABASE_PATH))).toHaveLength(1);

    const second = await spawnService(env);
    running.push(second);
    const [reply] = await relay.waitFor(1, 15_000);
    expect(reply!.envelopeTo).toEqual(['jane.doe@example.com']);
    expect(reply!.parsed.inReplyTo).toBe('<durable-large@example.com>');
  });
});
