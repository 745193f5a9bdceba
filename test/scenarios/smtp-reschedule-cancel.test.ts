import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTransport } from 'nodemailer';
import { startRelaySink, type CapturedMail } from '../support/relay-sink.js';
import { calendarPart, loadTestConfig, pythonIcalendar, readInvite, silent } from '../support/pipeline-harness.js';
import { ALICE, CALENDARS, campaignYaml, WEBINAR } from '../support/e2e-team.js';
import { startService, type RunningService } from '../../src/service/service.js';
import { sqliteConnection } from '../../src/store/sqlite/store.js';

/**
 * The same lifecycle as reschedule-cancel.test.ts, over the real edges: nodemailer as the
 * prospect's client against the SMTP listener, the worker, and a second smtp-server as the relay.
 * What matters here is what crosses the wire: the invitation as a text/calendar alternative whose
 * method parameter matches the METHOD inside it, threading headers, and the Reply-To token.
 */
const NOW = Date.parse('2026-11-15T20:00:00Z');
const YAML = campaignYaml({ hosts: [ALICE] });

let relay: Awaited<ReturnType<typeof startRelaySink>>;
let service: RunningService;

beforeAll(async () => {
  relay = await startRelaySink();
  const { config } = loadTestConfig({ yaml: YAML, files: CALENDARS, outboundSmtpUrl: relay.url });
  service = await startService(config, { logger: silent, now: () => NOW });
});
afterAll(async () => {
  await service?.close();
  await relay?.close();
});

function mimeCalendar(mail: CapturedMail) {
  const raw = mail.raw.toString('utf8');
  expect(raw).toMatch(/Content-Type: multipart\/alternative/i);
  const part = calendarPart(mail.raw);
  expect(part, 'a text/calendar alternative').not.toBeNull();
  expect(part!.ics).toContain(`METHOD:${part!.method}`);
  return part!;
}

describe.skipIf(!pythonIcalendar)('over real SMTP: book, move, cancel', () => {
  it('each change reaches prospect and rep as a text/calendar alternative with the right method and SEQUENCE', async () => {
    const client = createTransport({ host: '127.0.0.1', port: service.smtp.port, secure: false, ignoreTLS: true });
    const first = await client.sendMail({ from: 'Jane Doe <jane.doe@acme-customer.com>', to: WEBINAR, subject: 'Intro', text: 'Hello, I would like an intro call.' });
    const [offer] = await relay.waitFor(1);
    expect(offer!.parsed.inReplyTo).toBe(first.messageId);
    const replyTo = offer!.parsed.replyTo!.value[0]!.address!;
    expect(replyTo).toMatch(/^webinar\+[a-z2-7]+@meet\.acme\.com$/);

    await client.sendMail({ from: 'Jane Doe <jane.doe@acme-customer.com>', to: replyTo, subject: 'Re: Intro', inReplyTo: offer!.parsed.messageId!, text: '2 please' });
    const booked = (await relay.waitFor(3)).slice(1);
    const uids = new Set<string>();
    for (const mail of booked) {
      const part = mimeCalendar(mail);
      expect(part.method).toBe('REQUEST');
      const invite = readInvite(part.ics);
      expect(invite).toMatchObject({ method: 'REQUEST', sequence: 0, status: 'CONFIRMED' });
      uids.add(invite.uid);
    }
    expect(booked.map((mail) => mail.envelopeTo).sort()).toEqual([[ALICE.email], ['jane.doe@acme-customer.com']]);
    const confirmation = booked.find((mail) => mail.envelopeTo.includes('jane.doe@acme-customer.com'))!;

    await client.sendMail({ from: 'Jane Doe <jane.doe@acme-customer.com>', to: replyTo, subject: 'Re: Intro', inReplyTo: confirmation.parsed.messageId!, text: 'Could we move it to Friday at 11am?' });
    const moved = (await relay.waitFor(5)).slice(3);
    for (const mail of moved) {
      const part = mimeCalendar(mail);
      const invite = readInvite(part.ics);
      expect(invite).toMatchObject({ method: 'REQUEST', sequence: 1, status: 'CONFIRMED' });
      expect(invite.start).toBe('2026-11-20T11:00:00+00:00');
      uids.add(invite.uid);
    }

    await client.sendMail({ from: 'Jane Doe <jane.doe@acme-customer.com>', to: replyTo, subject: 'Re: Intro', text: 'I need to cancel, sorry.' });
    const cancelled = (await relay.waitFor(7)).slice(5);
    for (const mail of cancelled) {
      const part = mimeCalendar(mail);
      expect(part.method).toBe('CANCEL');
      expect(readInvite(part.ics)).toMatchObject({ method: 'CANCEL', sequence: 2, status: 'CANCELLED' });
      uids.add(readInvite(part.ics).uid);
    }
    expect(uids.size).toBe(1);
    const rows = sqliteConnection(service.store).prepare(`SELECT status, sequence FROM bookings`).all();
    expect(rows).toEqual([{ status: 'cancelled', sequence: 2 }]);
    client.close();
  });
});
