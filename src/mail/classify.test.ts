import { describe, expect, it } from 'vitest';
import { classifyMessage, type Classification, type ClassifyInput } from './classify.js';

function input(overrides: Partial<ClassifyInput>): ClassifyInput {
  return {
    headers: new Map(),
    envelopeFrom: 'jane.doe@example.com',
    from: 'jane.doe@example.com',
    subject: 'Re: Demo of the scheduling features',
    contentType: 'multipart/alternative',
    ownDomains: ['meet.acme.com'],
    ...overrides,
  };
}

/** A header map shaped like mailparser's: lower-case keys, parsed content-type and list objects. */
const parsed = (entries: Record<string, unknown>): Map<string, unknown> => new Map(Object.entries(entries));

const deliveryStatus = { value: 'multipart/report', params: { 'report-type': 'delivery-status', boundary: 'b' } };

const cases: Array<{ name: string; input: ClassifyInput; expected: Classification }> = [
  {
    name: 'a human-looking mail from the null return path is a notification, never answered',
    input: input({ envelopeFrom: '', headers: parsed({ 'message-id': '<n1@mail.example.com>' }) }),
    expected: { kind: 'notification', reason: 'null return path (MAIL FROM:<>): never answered automatically' },
  },
  {
    name: 'an unknown envelope (a replayed file) is not a null return path',
    input: input({ envelopeFrom: null }),
    expected: { kind: 'human' },
  },
  {
    name: 'Gmail reply from a prospect',
    input: input({ headers: parsed({ 'message-id': '<CAJx8f3@mail.gmail.com>', 'in-reply-to': '<o1@meet.acme.com>' }) }),
    expected: { kind: 'human' },
  },
  {
    name: 'Outlook mail with X-Auto-Response-Suppress alone stays human',
    input: input({ headers: parsed({ 'x-auto-response-suppress': 'All', 'thread-topic': 'Demo' }) }),
    expected: { kind: 'human' },
  },
  {
    name: 'Auto-Submitted: no is a human',
    input: input({ headers: { 'Auto-Submitted': 'no' } }),
    expected: { kind: 'human' },
  },
  {
    name: 'Postfix DSN with null return path',
    input: input({
      headers: parsed({ 'content-type': deliveryStatus, 'auto-submitted': 'auto-replied' }),
      envelopeFrom: '',
      from: 'mailer-daemon@mail.example.net',
      subject: 'Undelivered Mail Returned to Sender',
      contentType: 'multipart/report',
    }),
    expected: { kind: 'bounce', reason: 'delivery-status report' },
  },
  {
    name: 'report-type read from a raw content-type string',
    input: input({
      headers: { 'Content-Type': 'multipart/report; report-type="delivery-status"; boundary="x"' },
      envelopeFrom: null,
      from: 'postmaster@example.net',
      subject: 'Delivery report',
      contentType: 'multipart/report; report-type="delivery-status"; boundary="x"',
    }),
    expected: { kind: 'bounce', reason: 'delivery-status report' },
  },
  {
    name: 'Gmail "Delivery Status Notification (Failure)" from mailer-daemon',
    input: input({
      from: 'mailer-daemon@googlemail.com',
      subject: 'Delivery Status Notification (Failure)',
      contentType: 'multipart/mixed',
    }),
    expected: { kind: 'bounce', reason: 'from mailer-daemon' },
  },
  {
    name: 'Exchange NDR recognised by its subject',
    input: input({
      from: 'microsoftexchange329e71ec88ae4615bbc36ab6ce41109e@example.com',
      subject: 'Undeliverable: Demo of the scheduling features',
      contentType: 'multipart/mixed',
    }),
    expected: { kind: 'bounce', reason: 'bounce subject' },
  },
  {
    name: 'Exim "Mail delivery failed" subject',
    input: input({ from: 'bounces@example.net', subject: 'Mail delivery failed: returning message to sender' }),
    expected: { kind: 'bounce', reason: 'bounce subject' },
  },
  {
    name: 'a DSN from our own MTA is a bounce, not own mail',
    input: input({ envelopeFrom: '<>', from: 'mailer-daemon@meet.acme.com', contentType: 'text/plain' }),
    expected: { kind: 'bounce', reason: 'from mailer-daemon' },
  },
  {
    name: 'From one of our campaign addresses',
    input: input({ from: 'webinar-q3@meet.acme.com', headers: parsed({ 'auto-submitted': 'auto-replied' }) }),
    expected: { kind: 'own', reason: 'from own domain' },
  },
  {
    name: 'From a subdomain of ours',
    input: input({ from: 'agent@eu.meet.acme.com' }),
    expected: { kind: 'own', reason: 'from own domain' },
  },
  {
    name: 'our message looping back through an auto-forwarder',
    input: input({ headers: parsed({ 'auto-submitted': 'auto-forwarded', 'message-id': '<offer-17@Meet.Acme.com>' }) }),
    expected: { kind: 'own', reason: 'own message-id looped back' },
  },
  {
    name: 'Exchange OOF with Auto-Submitted: auto-generated',
    input: input({
      headers: parsed({ 'auto-submitted': 'auto-generated', 'x-auto-response-suppress': 'All' }),
      envelopeFrom: '',
      subject: 'Automatic reply: Demo of the scheduling features',
    }),
    expected: { kind: 'auto_reply', reason: 'auto-submitted: auto-generated', returnDate: null },
  },
  {
    name: 'repeated Auto-Submitted headers (array)',
    input: input({ headers: parsed({ 'auto-submitted': ['no', 'auto-replied'] }) }),
    expected: { kind: 'auto_reply', reason: 'auto-submitted: auto-replied', returnDate: null },
  },
  {
    name: 'X-Autoreply header',
    input: input({ headers: { 'X-Autoreply': 'yes' }, subject: 'Re: Demo of the scheduling features' }),
    expected: { kind: 'auto_reply', reason: 'x-autoreply', returnDate: null },
  },
  {
    name: 'X-Autorespond header',
    input: input({ headers: parsed({ 'x-autorespond': 'Thanks for your message' }) }),
    expected: { kind: 'auto_reply', reason: 'x-autorespond', returnDate: null },
  },
  {
    name: 'Precedence: auto_reply',
    input: input({ headers: parsed({ precedence: 'auto_reply' }) }),
    expected: { kind: 'auto_reply', reason: 'precedence: auto_reply', returnDate: null },
  },
  {
    name: 'read receipt (MDN) is an auto-reply, not a bounce',
    input: input({
      headers: parsed({ 'content-type': { value: 'multipart/report', params: { 'report-type': 'disposition-notification' } } }),
      envelopeFrom: '',
      subject: 'Read: Demo of the scheduling features',
      contentType: 'multipart/report',
    }),
    expected: { kind: 'auto_reply', reason: 'read receipt', returnDate: null },
  },
  ...[
    'Out of Office: Demo of the scheduling features',
    'Auto: Demo of the scheduling features',
    'Autosvar: Demo of the scheduling features',
    'Abwesenheitsnotiz: Demo of the scheduling features',
    'Réponse automatique : Demo of the scheduling features',
    'Respuesta automática: Demo of the scheduling features',
    'Vacation reply',
    'I am out of the office until 30/11',
  ].map((subject) => ({
    name: `subject "${subject}"`,
    input: input({ subject }),
    expected: { kind: 'auto_reply', reason: 'auto-reply subject', returnDate: null } as Classification,
  })),
  {
    name: 'List-Id in a raw header record with original case',
    input: input({ headers: { 'List-Id': 'Example Weekly <weekly.news.example.org>' } }),
    expected: { kind: 'list', reason: 'list-id' },
  },
  {
    name: "List-Unsubscribe folded into mailparser's list object",
    input: input({ headers: parsed({ list: { unsubscribe: { url: 'https://news.example.org/u' } } }) }),
    expected: { kind: 'list', reason: 'list-unsubscribe' },
  },
  {
    name: 'Precedence: bulk',
    input: input({ headers: parsed({ precedence: 'bulk' }) }),
    expected: { kind: 'list', reason: 'bulk' },
  },
  {
    name: 'Precedence: junk',
    input: input({ headers: parsed({ precedence: 'Junk' }) }),
    expected: { kind: 'list', reason: 'bulk' },
  },
  {
    name: 'Precedence: list',
    input: input({ headers: parsed({ precedence: 'list' }) }),
    expected: { kind: 'list', reason: 'list' },
  },
];

describe('classifyMessage', () => {
  it.each(cases)('$name', ({ input: message, expected }) => {
    expect(classifyMessage(message)).toEqual(expected);
  });
});

describe('return date of an auto-reply', () => {
  const sentOn = (iso: string) => parsed({ 'auto-submitted': 'auto-replied', date: new Date(iso) });
  const dates: Array<{ text: string; date?: string; expected: string | null }> = [
    { text: 'I will be back on Monday, 30 November.', date: '2026-11-20T14:15:09Z', expected: '2026-11-30' },
    { text: 'I will return on 2026-11-30.', expected: '2026-11-30' },
    { text: 'I am out of the office until 30/11 with no access to email.', date: '2026-11-20T09:00:00Z', expected: '2026-11-30' },
    { text: 'I am out of the office until 05/11.', date: '2026-11-01T09:00:00Z', expected: null },
    { text: 'Back in the office on November 30th, 2026.', expected: '2026-11-30' },
    { text: 'Ich bin bis 30.11.2026 nicht im Büro. Out until 30.11.2026.', expected: '2026-11-30' },
    { text: 'I will be back on 30 November.', expected: null },
    { text: 'I will be back on Monday.', date: '2026-11-20T09:00:00Z', expected: null },
    { text: 'Returning on 4 January.', date: '2026-12-28T09:00:00Z', expected: '2027-01-04' },
    { text: 'Out until 27 November, back on 30 November.', date: '2026-11-20T09:00:00Z', expected: '2026-11-30' },
    { text: 'Back on 30 November, or maybe I return on 1 December.', date: '2026-11-20T09:00:00Z', expected: null },
    { text: 'Back on 31 November.', date: '2026-11-20T09:00:00Z', expected: null },
  ];
  it.each(dates)('$text', ({ text, date, expected }) => {
    const headers = date ? sentOn(date) : parsed({ 'auto-submitted': 'auto-replied' });
    expect(classifyMessage(input({ headers, subject: 'Automatic reply: Demo', text }))).toEqual({
      kind: 'auto_reply',
      reason: 'auto-submitted: auto-replied',
      returnDate: expected,
    });
  });
});
