import { describe, expect, it } from 'vitest';
import { detectForward, type ForwardDetection, type ForwardInput } from './forwarded.js';

const ORIGINAL = ['Hi Bob,', '', 'we would like a demo of the scheduling features.', '', 'Jane'];
const lines = (...parts: Array<string | string[]>) => parts.flat().join('\n');
const input = (subject: string, text: string, attachedMessages: ForwardInput['attachedMessages'] = []): ForwardInput => ({
  subject,
  text,
  attachedMessages,
});
const JANE = { address: 'jane.doe@example.com', name: 'Jane Doe' };

const cases: Array<{ name: string; input: ForwardInput; expected: ForwardDetection }> = [
  {
    name: 'Gmail, with a note above',
    input: input(
      'Fwd: Demo of the scheduling features',
      lines(
        'Please set up a call with Jane, she runs ops.',
        '',
        'Thanks,',
        'Bob',
        '',
        '---------- Forwarded message ---------',
        'From: Jane Doe <jane.doe@example.com>',
        'Date: Fri, Nov 20, 2026 at 9:14 AM',
        'Subject: Demo of the scheduling features',
        'To: <bob@example.com>',
        '',
        ORIGINAL,
      ),
    ),
    expected: {
      forwarded: true,
      originalFrom: JANE,
      originalSubject: 'Demo of the scheduling features',
      originalMessageId: null,
      forwarderNote: 'Please set up a call with Jane, she runs ops.\n\nThanks,\nBob',
    },
  },
  {
    name: 'Apple Mail "Begin forwarded message:"',
    input: input(
      'Fwd: Demo',
      lines('FYI', '', 'Begin forwarded message:', '', 'From: Jane Doe <jane.doe@example.com>', 'Subject: Demo',
        'Date: 20 November 2026 at 14:14:03 GMT', 'To: Bob <bob@example.com>', '', ORIGINAL),
    ),
    expected: { forwarded: true, originalFrom: JANE, originalSubject: 'Demo', originalMessageId: null, forwarderNote: 'FYI' },
  },
  {
    name: 'Thunderbird header table with tabs',
    input: input(
      'Fwd: Demo',
      lines('-------- Forwarded Message --------', 'Subject: \tDemo', 'Date: \tFri, 20 Nov 2026 09:14:03 -0500',
        'From: \tJane Doe <jane.doe@example.com>', 'To: \tbob@example.com', '', ORIGINAL),
    ),
    expected: { forwarded: true, originalFrom: JANE, originalSubject: 'Demo', originalMessageId: null, forwarderNote: '' },
  },
  {
    name: 'Outlook, FW: subject and a From/Sent block under a rule',
    input: input(
      'FW: Demo',
      lines('See below.', '', '________________________________', 'From: Jane Doe [mailto:jane.doe@example.com]',
        'Sent: Friday, November 20, 2026 2:14 PM', 'To: Bob Smith <bob@example.com>', 'Subject: Demo', '', ORIGINAL),
    ),
    expected: { forwarded: true, originalFrom: JANE, originalSubject: 'Demo', originalMessageId: null, forwarderNote: 'See below.' },
  },
  {
    name: 'German Outlook, WG: and Von/Gesendet/An/Betreff',
    input: input(
      'WG: Termin',
      lines('Kannst du das übernehmen?', '', 'Von: Jana Müller <jana@example.de>', 'Gesendet: Freitag, 20. November 2026 10:00',
        'An: Bob <bob@example.de>', 'Betreff: Termin für eine Demo', '', 'Hallo Bob'),
    ),
    expected: {
      forwarded: true,
      originalFrom: { address: 'jana@example.de', name: 'Jana Müller' },
      originalSubject: 'Termin für eine Demo',
      originalMessageId: null,
      forwarderNote: 'Kannst du das übernehmen?',
    },
  },
  {
    name: 'a gateway tag before FW:, and an original without an address',
    input: input('[External] FW: Demo', lines('FYI', '', '-----Original Message-----', 'From: Doe, Jane', 'Sent: Friday', 'Subject: Demo', '', 'Hi')),
    expected: { forwarded: true, originalFrom: null, originalSubject: 'Demo', originalMessageId: null, forwarderNote: 'FYI' },
  },
  {
    name: 'forwarded as an attachment',
    input: input('Fwd: Demo', 'Over to you.\n', [{ from: JANE, subject: 'Demo of the scheduling features', messageId: '<orig@example.com>' }]),
    expected: {
      forwarded: true,
      originalFrom: JANE,
      originalSubject: 'Demo of the scheduling features',
      originalMessageId: '<orig@example.com>',
      forwarderNote: 'Over to you.',
    },
  },
  {
    name: 'old-style [Fwd: ...] subject without an original subject line',
    input: input('[Fwd: Demo]', lines('---------- Forwarded message ---------', 'From: Jane Doe <jane.doe@example.com>', '', 'Hi')),
    expected: { forwarded: true, originalFrom: JANE, originalSubject: 'Demo', originalMessageId: null, forwarderNote: '' },
  },
  {
    name: 'an Outlook reply is not a forward',
    input: input('RE: Demo', lines('Tuesday works.', '', 'From: Acme <webinar-q3@meet.acme.com>', 'Sent: Friday', 'To: Jane', 'Subject: Demo', '', 'Hi')),
    expected: { forwarded: false },
  },
  {
    name: 'a Gmail reply is not a forward',
    input: input('Re: Demo', lines('Tuesday works.', '', 'On Fri, Nov 20, 2026 at 9:15 AM Acme <webinar-q3@meet.acme.com> wrote:', '> 1. Mon')),
    expected: { forwarded: false },
  },
  {
    name: 'a reply to a forward quotes the separator: still a reply',
    input: input(
      'Re: Fwd: Demo',
      lines('Happy to talk Tuesday.', '', 'On Fri, Nov 20, 2026 at 9:15 AM Bob <bob@example.com> wrote:', '> ---------- Forwarded message ---------', '> From: Jane'),
    ),
    expected: { forwarded: false },
  },
  { name: 'a Fwd: subject with nothing forwarded', input: input('Fwd: Demo', 'Can we talk?'), expected: { forwarded: false } },
  { name: 'plain mail', input: input('Demo', 'Can we talk?'), expected: { forwarded: false } },
];

describe('detectForward', () => {
  it.each(cases)('$name', ({ input: message, expected }) => {
    expect(detectForward(message)).toEqual(expected);
  });
});
