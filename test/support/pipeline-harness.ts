/**
 * End-to-end scenarios through the whole pipeline: a YAML config written to a temp folder and
 * loaded by the real loader (environment included), the real SQLite store, buildPipeline with a
 * clock the test moves, and raw RFC 5322 mail fed through the spool exactly as the SMTP listener
 * would. Outbound mail is read back from the outbox rows and parsed as a mail client would.
 */
import { afterEach, expect } from 'vitest';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import pino from 'pino';
import { simpleParser, type ParsedMail } from 'mailparser';
import { loadConfig } from '../../src/config/load.js';
import type { Config } from '../../src/config/types.js';
import { openSqliteStore, type SqliteStore } from '../../src/store/sqlite/store.js';
import { buildPipeline } from '../../src/service/assembly.js';
import { runDueFollowUps } from '../../src/pipeline/follow-ups.js';
import { buildReport } from '../../src/report/campaign-report.js';
import type { CalendarRegistry } from '../../src/calendar/registry.js';
import { BY_HAND } from '../../src/store/spool.js';

export interface HarnessOptions {
  /** campaigns.yaml; `{{dir}}` is replaced by the temp folder. Paths in it are relative to the folder. */
  yaml: string;
  /** Side files written into the folder (calendars ...), by relative path. */
  files?: Record<string, string>;
  /** The environment the loader reads (OPENAI_BASE_URL, GOOGLE_API_ROOT_URL, credential variables ...). */
  env?: Record<string, string>;
  /** The clock, an ISO instant. */
  now: string;
  /** Share another harness's database file (a second service process on the same SQLite file). */
  databasePath?: string;
}

export interface MailSpec {
  from: string;
  /** Header To; defaults to the envelope recipient. */
  to?: string;
  /** Envelope recipient; defaults to the first campaign's address. */
  rcpt?: string;
  cc?: string;
  subject?: string;
  text?: string;
  /** An HTML-only body (no text part). */
  html?: string;
  messageId?: string;
  inReplyTo?: string | null;
  references?: string[];
  /** UTC offset of the sender's Date header, e.g. "+01:00"; default "+00:00". */
  offset?: string;
  headers?: Record<string, string>;
}

export interface OutboundMail {
  id: number;
  kind: string;
  conversationId: number | null;
  envelopeTo: string[];
  subject: string;
  text: string;
  raw: Buffer;
  parsed: ParsedMail;
  /** The text/calendar alternative, decoded, or null. */
  ics: string | null;
  /** The method parameter of the text/calendar part. */
  icsMethod: string | null;
  replyTo: string | null;
  messageId: string | null;
}

export const silent = pino({ level: 'silent' });

/** Writes the config folder and loads it as `serve` would (the environment given, flags for the database and ports). */
export function loadTestConfig(options: Omit<HarnessOptions, 'now'> & { outboundSmtpUrl?: string }): { dir: string; config: Config } {
  const dir = mkdtempSync(join(tmpdir(), 'campaign-agent-e2e-'));
  for (const [path, content] of Object.entries(options.files ?? {})) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  const file = join(dir, 'campaigns.yaml');
  writeFileSync(file, options.yaml.replaceAll('{{dir}}', dir));
  const databasePath = options.databasePath ?? join(dir, 'test.db');
  const overrides = { databasePath, smtpPort: 0, httpPort: 0, ...(options.outboundSmtpUrl ? { outboundSmtpUrl: options.outboundSmtpUrl } : {}) };
  const result = loadConfig({ file, env: options.env ?? {}, overrides });
  if (!result.ok) throw new Error(`config did not load:\n${result.errors.map((e) => `${e.line}:${e.column}: ${e.message}`).join('\n')}`);
  return { dir, config: { ...result.config, service: { ...result.config.service, outboxDir: join(dir, 'outbox') } } };
}

/** Writes the config folder, loads it, opens the store and builds the pipeline. */
export function startHarness(options: HarnessOptions) {
  const { dir, config } = loadTestConfig(options);
  const store = openSqliteStore(config.service.databasePath);
  let now = Date.parse(options.now);
  const pipeline = buildPipeline(config, store, silent, () => now);
  const defaultCampaign = config.campaigns[0]!.address;
  let seenOut = 0;

  /** The raw bytes of a mail as a prospect's client would send it. */
  function compose(spec: MailSpec): { raw: string; messageId: string } {
    const messageId = spec.messageId ?? `<${randomUUID()}@${spec.from.replace(/.*@/, '').replace(/>.*/, '')}>`;
    const date = DateTime.fromMillis(now, { zone: `UTC${spec.offset && spec.offset !== '+00:00' ? spec.offset : ''}` }).toRFC2822();
    const headers = [
      `From: ${spec.from}`,
      `To: ${spec.to ?? spec.rcpt ?? defaultCampaign}`,
      ...(spec.cc ? [`Cc: ${spec.cc}`] : []),
      `Subject: ${spec.subject ?? 'Meeting'}`,
      `Message-ID: ${messageId}`,
      `Date: ${date}`,
      ...(spec.inReplyTo ? [`In-Reply-To: ${spec.inReplyTo}`] : []),
      ...(spec.references?.length ? [`References: ${spec.references.join(' ')}`] : []),
      ...Object.entries(spec.headers ?? {}).map(([name, value]) => `${name}: ${value}`),
      'MIME-Version: 1.0',
      spec.html ? 'Content-Type: text/html; charset=utf-8' : 'Content-Type: text/plain; charset=utf-8',
      'Content-Transfer-Encoding: 8bit',
    ];
    return { raw: `${headers.join('\r\n')}\r\n\r\n${(spec.html ?? spec.text ?? '').replace(/\r?\n/g, '\r\n')}\r\n`, messageId };
  }

  /** Puts one message in the spool (as the listener does after 250) and returns its id. */
  async function accept(spec: MailSpec, s: SqliteStore = store): Promise<{ id: number; messageId: string }> {
    const { raw, messageId } = compose(spec);
    const rcpt = spec.rcpt ?? defaultCampaign;
    const campaign = rcpt.replace(/\+[^@]*@/, '@').toLowerCase();
    const envelopeFrom = spec.from.replace(/^.*</, '').replace(/>.*$/, '');
    const [id] = await s.spool.accept([
      { campaign, envelopeFrom, envelopeTo: [rcpt], remoteAddress: '127.0.0.1', helo: 'client.test', raw: { bytes: Buffer.from(raw) }, receivedAt: now },
    ]);
    return { id: id!, messageId };
  }

  /** A raw message (an .eml file) delivered to `rcpt`, through the pipeline. */
  async function receiveRaw(raw: Buffer | string, rcpt: string, envelopeFrom: string | null = null) {
    const campaign = rcpt.replace(/\+[^@]*@/, '@').toLowerCase();
    const [id] = await store.spool.accept([
      { campaign, envelopeFrom, envelopeTo: [rcpt], remoteAddress: '127.0.0.1', helo: 'client.test', raw: { bytes: Buffer.from(raw) }, receivedAt: now },
    ]);
    return pipeline.process((await store.spool.claimById(id!, Date.now(), BY_HAND))!);
  }

  /** One message through the pipeline: accept, claim, process. */
  async function receive(spec: MailSpec) {
    const { id, messageId } = await accept(spec);
    const outcome = await pipeline.process((await store.spool.claimById(id, Date.now(), BY_HAND))!);
    return { outcome, messageId };
  }

  async function outbound(sinceId = 0): Promise<OutboundMail[]> {
    const rows = store.db
      .prepare(`SELECT id, kind, conversation_id, envelope_to, subject, visible_text, raw, message_id FROM messages
        WHERE direction = 'out' AND id > ? ORDER BY id`)
      .all(sinceId) as Array<{ id: number; kind: string; conversation_id: number | null; envelope_to: string; subject: string; visible_text: string; raw: Buffer; message_id: string | null }>;
    return Promise.all(
      rows.map(async (row) => {
        const parsed = await simpleParser(row.raw);
        const calendar = calendarPart(row.raw);
        return {
          id: row.id,
          kind: row.kind,
          conversationId: row.conversation_id,
          envelopeTo: JSON.parse(row.envelope_to) as string[],
          subject: row.subject,
          text: row.visible_text,
          raw: row.raw,
          parsed,
          ics: calendar?.ics ?? null,
          icsMethod: calendar?.method ?? null,
          replyTo: parsed.replyTo?.value[0]?.address ?? null,
          messageId: parsed.messageId ?? null,
        };
      }),
    );
  }

  /** Outbound mail queued since the last call to `fresh`. */
  async function fresh(): Promise<OutboundMail[]> {
    const mails = await outbound(seenOut);
    if (mails.length > 0) seenOut = mails[mails.length - 1]!.id;
    return mails;
  }

  /** A reply in the thread of `to` (an agent mail): to its Reply-To, with In-Reply-To and References. */
  function inThread(to: OutboundMail, spec: Omit<MailSpec, 'rcpt' | 'inReplyTo' | 'references'> & { references?: string[] }): MailSpec {
    return {
      subject: to.subject.startsWith('Re:') ? to.subject : `Re: ${to.subject}`,
      ...spec,
      rcpt: to.replyTo!,
      inReplyTo: to.messageId,
      references: [...(spec.references ?? []), ...(to.messageId ? [to.messageId] : [])],
    };
  }

  return {
    dir,
    config,
    store,
    pipeline,
    compose,
    accept,
    receive,
    receiveRaw,
    outbound,
    fresh,
    inThread,
    get now() {
      return now;
    },
    setNow(iso: string | number) {
      now = typeof iso === 'number' ? iso : Date.parse(iso);
    },
    advanceHours(hours: number) {
      now += hours * 3_600_000;
    },
    followUps: () => runDueFollowUps(pipeline.deps),
    rows<T = Record<string, unknown>>(sql: string, ...params: unknown[]): T[] {
      return store.db.prepare(sql).all(...params) as T[];
    },
    bookings() {
      return store.db.prepare(`SELECT id, uid, sequence, host_id, attendee_email, start_at, end_at, status, conversation_id FROM bookings ORDER BY id`).all() as Array<{
        id: number; uid: string; sequence: number; host_id: string; attendee_email: string; start_at: string; end_at: string; status: string; conversation_id: number;
      }>;
    },
    offered(conversationId?: number) {
      return store.db
        .prepare(`SELECT conversation_id, position, host_id, start_at, end_at FROM offered_slots
          WHERE (? IS NULL OR conversation_id = ?) ORDER BY id`)
        .all(conversationId ?? null, conversationId ?? null) as Array<{ conversation_id: number; position: number; host_id: string; start_at: string; end_at: string }>;
    },
    /** The times of the conversation's latest offer mail, in the order shown. */
    currentOffer(conversationId: number) {
      return store.db
        .prepare(`SELECT position, host_id, start_at, end_at FROM offered_slots WHERE conversation_id = ?
          AND message_id = (SELECT max(message_id) FROM offered_slots WHERE conversation_id = ?) ORDER BY position`)
        .all(conversationId, conversationId) as Array<{ position: number; host_id: string; start_at: string; end_at: string }>;
    },
    conversationStatus(id: number): string {
      return store.db.prepare(`SELECT status FROM conversations WHERE id = ?`).pluck().get(id) as string;
    },
    async report(since: number, until: number) {
      return await buildReport(store.reports, config, { since, until, by: 'campaign' });
    },
    async close() {
      await store.close();
    },
  };
}

export type Harness = ReturnType<typeof startHarness>;

/**
 * `startHarness` for one test file: registers an afterEach that closes every harness the test
 * started. Call it once, at the top of the file.
 */
export function harnessesClosedAfterEach(): typeof startHarness {
  const open: Harness[] = [];
  afterEach(async () => {
    for (const harness of open.splice(0)) await harness.close();
  });
  return (options) => {
    const harness = startHarness(options);
    open.push(harness);
    return harness;
  };
}

/** The text/calendar part of a raw MIME message, decoded, with its method parameter. */
export function calendarPart(raw: Buffer): { ics: string; method: string | null } | null {
  const text = raw.toString('utf8');
  const re = /Content-Type: text\/calendar;([^\r\n]*(?:\r\n[ \t][^\r\n]*)*)\r\n((?:[^\r\n]+\r\n)*)\r\n([\s\S]*?)\r\n--/gi;
  const match = re.exec(text);
  if (!match) return null;
  const params = match[1]!;
  const headers = match[2]!;
  const encoding = /Content-Transfer-Encoding:\s*([\w-]+)/i.exec(headers)?.[1]?.toLowerCase() ?? '7bit';
  const body = match[3]!;
  const ics =
    encoding === 'base64'
      ? Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8')
      : encoding === 'quoted-printable'
        ? Buffer.from(body.replace(/=\r\n/g, '').replace(/=([0-9A-F]{2})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))), 'latin1').toString('utf8')
        : body;
  return { ics, method: /method=([\w-]+)/i.exec(params)?.[1]?.toUpperCase() ?? null };
}

/** Debian's python3-icalendar, an outside parser that never saw our code. */
export const PYTHON = '/usr/bin/python3';
export const pythonIcalendar = spawnSync(PYTHON, ['-c', 'import icalendar'], { encoding: 'utf8' }).status === 0;

export interface ParsedInvite {
  method: string;
  uid: string;
  sequence: number;
  status: string;
  start: string;
  end: string;
  organizer: string;
  attendees: string[];
  summary: string;
}

const READ_INVITE = `
import icalendar, json, sys
cal = icalendar.Calendar.from_ical(sys.stdin.read())
event = next(c for c in cal.walk() if c.name == 'VEVENT')
attendees = event.get('attendee')
attendees = [] if attendees is None else attendees if isinstance(attendees, list) else [attendees]
print(json.dumps({
  'method': str(cal.get('method')),
  'uid': str(event.get('uid')),
  'sequence': int(event.get('sequence', 0)),
  'status': str(event.get('status')),
  'start': event.decoded('dtstart').isoformat(),
  'end': event.decoded('dtend').isoformat(),
  'organizer': str(event.get('organizer')).lower(),
  'attendees': sorted(str(a).lower() for a in attendees),
  'summary': str(event.get('summary')),
}))
`;

/** Parses an invitation with python3-icalendar. */
export function readInvite(ics: string): ParsedInvite {
  const result = spawnSync(PYTHON, ['-c', READ_INVITE], { input: ics, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`python3-icalendar could not read the invite: ${result.stderr}\n${ics}`);
  return JSON.parse(result.stdout) as ParsedInvite;
}

/** A minimal VCALENDAR with busy events, times in UTC. */
export function icsCalendar(events: Array<{ start: string; end: string; summary: string }>): string {
  const utc = (iso: string) => new Date(iso).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
  return [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//e2e//EN',
    ...events.flatMap((event, i) => [
      'BEGIN:VEVENT',
      `UID:busy-${i}@e2e.test`,
      'DTSTAMP:20260101T000000Z',
      `DTSTART:${utc(event.start)}`,
      `DTEND:${utc(event.end)}`,
      `SUMMARY:${event.summary}`,
      'END:VEVENT',
    ]),
    'END:VCALENDAR',
    '',
  ].join('\r\n');
}

/** An empty calendar file. */
export const EMPTY_ICS = icsCalendar([]);

export interface HostSpec {
  id: string;
  name: string;
  email: string;
  zone: string;
  ics?: string | string[] | null;
  /** Extra YAML lines for the host, already indented by 4 spaces. */
  extra?: string;
}

/** A team entry in YAML. */
export function hostYaml(host: HostSpec): string {
  const ics = host.ics === undefined ? `calendars/${host.id}.ics` : host.ics;
  const calendar =
    ics === null
      ? ''
      : `    calendar:\n      provider: local\n      ics: ${Array.isArray(ics) ? `[${ics.join(', ')}]` : ics}\n`;
  return `  - id: ${host.id}\n    name: ${host.name}\n    email: ${host.email}\n    time_zone: ${host.zone}\n${calendar}${host.extra ?? ''}`;
}

/** Epoch ms of a wall-clock time in a zone. */
export function local(iso: string, zone: string): number {
  return DateTime.fromISO(iso, { zone }).toMillis();
}

/** Every string an outbound mail could show a reader: headers' subject, text, HTML, calendar. */
export function everythingIn(mail: OutboundMail): string {
  return [mail.subject, mail.text, mail.parsed.text ?? '', String(mail.parsed.html || ''), mail.ics ?? ''].join('\n');
}

/**
 * Wraps a pipeline's calendars so every busy() read waits until `parties` reads are under way:
 * both prospects decide on the same fresh calendar before either writes its booking, which is
 * the worst interleaving a real race can produce.
 */
export function barrier(parties: number) {
  let waiting: Array<() => void> = [];
  let armed = false;
  const arrive = () =>
    new Promise<void>((resolve) => {
      if (!armed) return resolve();
      waiting.push(resolve);
      if (waiting.length >= parties) {
        armed = false;
        waiting.forEach((wake) => wake());
        waiting = [];
      }
    });
  return {
    arm: () => {
      armed = true;
    },
    wrap(calendars: CalendarRegistry): CalendarRegistry {
      return (host) => {
        const provider = calendars(host);
        return { ...provider, busy: async (h, window) => { await arrive(); return provider.busy(h, window); } };
      };
    },
  };
}

/** A first message from `from` and the one offer it gets back (asserted to be just that). */
export async function offerTo(h: Harness, from: string, text: string): Promise<OutboundMail> {
  await h.receive({ from, subject: 'Demo', text });
  const address = from.replace(/^.*</, '').replace(/>.*$/, '');
  const mails = (await h.fresh()).filter((mail) => mail.envelopeTo.includes(address));
  expect(mails.map((mail) => mail.kind)).toEqual(['reply']);
  return mails[0]!;
}
