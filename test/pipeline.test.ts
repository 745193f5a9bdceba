import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { DateTime } from 'luxon';
import pino from 'pino';
import { demoConfig } from './support/service.js';
import { openSqliteStore } from '../src/store/sqlite/store.js';
import { buildPipeline } from '../src/service/assembly.js';
import { BY_HAND } from '../src/store/spool.js';

/** Friday 20 November 2026, 14:14 UTC: the first fixture was written at 09:14 New York time. */
const NOW = Date.parse('2026-11-20T14:14:05Z');
const CAMPAIGN = 'webinar-q3@meet.acme.com';

function setup() {
  const config = demoConfig();
  const store = openSqliteStore(config.service.databasePath);
  const pipeline = buildPipeline(config, store, pino({ level: 'silent' }), () => NOW);
  async function receive(raw: Buffer | string, envelopeTo = [CAMPAIGN], envelopeFrom: string | null = 'jane.doe@example.com') {
    const [id] = await store.spool.accept([
      { campaign: CAMPAIGN, envelopeFrom, envelopeTo, remoteAddress: '127.0.0.1', helo: 'test', raw: { bytes: Buffer.from(raw) }, receivedAt: NOW },
    ]);
    return pipeline.process((await store.spool.claimById(id!, Date.now(), BY_HAND))!);
  }
  const outbound = () =>
    store.db.prepare(`SELECT kind, envelope_to, visible_text FROM messages WHERE direction = 'out' ORDER BY id`).all() as Array<{
      kind: string;
      envelope_to: string;
      visible_text: string;
    }>;
  return { config, store, receive, outbound };
}

const fixture = (name: string) => readFileSync(`fixtures/mail/${name}`);

describe('the pipeline over the fixture corpus', () => {
  it('answers a person once, records robots and MTA retries without answering', async () => {
    const { store, receive, outbound } = setup();
    expect(await receive(fixture('first-contact.eml'))).toMatchObject({ status: 'processed', kind: 'human', queued: 1 });
    expect(await receive(fixture('first-contact.eml'))).toMatchObject({ kind: 'duplicate', queued: 0 });
    expect(await receive(fixture('vacation-auto-reply.eml'))).toMatchObject({ kind: 'auto_reply', queued: 0 });
    expect(await receive(fixture('bounce-postfix.eml'), ['webinar-q3+b7f3k2q9@meet.acme.com'], '')).toMatchObject({ kind: 'bounce', queued: 0 });
    expect(await receive(fixture('list-newsletter.eml'))).toMatchObject({ kind: 'list', queued: 0 });
    expect(outbound().map((mail) => mail.kind)).toEqual(['reply']);
    expect(store.db.prepare('SELECT count(*) FROM leads').pluck().get()).toBe(1);
    const reasons = store.db.prepare(`SELECT summary FROM decisions WHERE kind = 'classification' ORDER BY id`).pluck().all();
    expect(reasons).toHaveLength(4);
  });

  it('offers times in the prospect zone inside working hours, and books a pick named by day and time', async () => {
    const { config, store, receive, outbound } = setup();
    await receive(fixture('first-contact.eml'));
    const offered = store.db.prepare(`SELECT position, host_id, start_at, end_at FROM offered_slots ORDER BY position`).all() as Array<{
      position: number;
      host_id: string;
      start_at: string;
      end_at: string;
    }>;
    expect(offered).toHaveLength(3);
    const days = new Set(offered.map((slot) => slot.start_at.slice(0, 10)));
    expect(days.size).toBe(3);
    for (const slot of offered) expect(Date.parse(slot.start_at)).toBeGreaterThanOrEqual(NOW + 4 * 3_600_000);

    const offer = outbound()[0]!.visible_text;
    expect(offer).toContain('All times are New York time (UTC−5).');
    const third = DateTime.fromISO(offered[2]!.start_at, { zone: 'America/New_York' });
    expect(offer).toContain(`3. ${third.setLocale('en-GB').toFormat('cccc d LLLL, HH:mm')}`);

    const pick = `${third.toFormat('cccc')} at ${third.toFormat('h:mm a')} works for me.`;
    const reply = [
      'From: Jane Doe <jane.doe@example.com>',
      `To: ${CAMPAIGN}`,
      'Subject: Re: Demo of the scheduling features',
      'Message-ID: <pick-by-time@example.com>',
      'Date: Fri, 20 Nov 2026 09:20:00 -0500',
      '',
      pick,
      '',
      'On Fri, Nov 20, 2026 at 9:15 AM Acme Scheduling <webinar-q3@meet.acme.com> wrote:',
      ...offer.split('\n').map((line) => `> ${line}`),
    ].join('\r\n');
    expect(await receive(reply)).toMatchObject({ kind: 'human', queued: 2 });

    const booking = store.db.prepare(`SELECT host_id, start_at, attendee_email, status FROM bookings`).get();
    expect(booking).toEqual({ host_id: offered[2]!.host_id, start_at: offered[2]!.start_at, attendee_email: 'jane.doe@example.com', status: 'confirmed' });
    const host = config.hosts.find((candidate) => candidate.id === offered[2]!.host_id)!;
    expect(outbound().map((mail) => [mail.kind, JSON.parse(mail.envelope_to)])).toEqual([
      ['reply', ['jane.doe@example.com']],
      ['confirmation', ['jane.doe@example.com']],
      ['host_brief', [host.email]],
    ]);
    const steps = store.db.prepare(`SELECT summary FROM decisions WHERE kind = 'step' ORDER BY id`).pluck().all();
    expect(steps).toEqual(['new -> offered: offer', 'offered -> booked: book']);
    const routing = store.db.prepare(`SELECT summary FROM decisions WHERE kind = 'routing'`).pluck().all();
    expect(routing).toHaveLength(1);
  });

  it('records a message with no usable sender and answers nobody', async () => {
    const { store, receive } = setup();
    const outcome = await receive('this is not a mail at all', [CAMPAIGN], null);
    expect(outcome.status).toBe('processed');
    const row = store.db.prepare(`SELECT status, kind FROM messages WHERE direction = 'in'`).get();
    expect(row).toEqual({ status: 'processed', kind: 'no_sender' });
  });

  it('hands a message with no usable From but a return path to the owner, the original attached', async () => {
    const { receive, outbound } = setup();
    const outcome = await receive('Subject: demo?\r\nFrom: =?utf-8?q?broken\r\n\r\nCould we meet on Tuesday?\r\n', [CAMPAIGN], 'jane.doe@example.com');
    expect(outcome).toMatchObject({ status: 'handed_off' });
    const [mail] = outbound();
    expect(mail).toMatchObject({ kind: 'handoff' });
    expect(mail!.visible_text).toContain('no usable From address (the return path is jane.doe@example.com)');
  });
});
