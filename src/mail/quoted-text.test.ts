import { describe, expect, it } from 'vitest';
import { visibleText } from './quoted-text.js';

/** The offer our agent sends; every quoted copy of it lists times the prospect did not write. */
const OFFER = [
  'Hi Jane,',
  '',
  'Thanks for your interest in a demo. Here are three times that work for us (New York time):',
  '',
  '1. Monday, 23 November 2026, 14:00-14:30',
  '2. Tuesday, 24 November 2026, 10:00-10:30',
  '3. Wednesday, 25 November 2026, 15:30-16:00',
  '',
  'Just reply with the number of the time that suits you best.',
  '',
  'Best regards,',
  'Acme Scheduling',
];

const quoted = (lines: string[]): string[] => lines.map((l) => (l === '' ? '>' : `> ${l}`));

function mail(...parts: Array<string | string[]>): string {
  return parts.flat().join('\n');
}

const cases: Array<{ name: string; body: string; expected: string }> = [
  {
    name: 'Gmail top-post, attribution on one line',
    body: mail(
      '2 works for me',
      '',
      'Thanks,',
      'Jane',
      '',
      'On Fri, Nov 20, 2026 at 9:15 AM Acme Scheduling <webinar-q3@meet.acme.com> wrote:',
      '',
      quoted(OFFER),
    ),
    expected: '2 works for me\n\nThanks,\nJane',
  },
  {
    name: 'Gmail top-post, attribution wrapped before the address',
    body: mail(
      'The second one works for me.',
      '',
      'On Fri, Nov 20, 2026 at 9:15 AM Acme Scheduling <',
      'webinar-q3@meet.acme.com> wrote:',
      '',
      quoted(OFFER),
    ),
    expected: 'The second one works for me.',
  },
  {
    name: 'Gmail top-post, attribution wrapped before "wrote:"',
    body: mail(
      'Monday please.',
      '',
      'On Fri, Nov 20, 2026 at 9:15 AM Acme Scheduling <webinar-q3@meet.acme.com>',
      'wrote:',
      '',
      quoted(OFFER),
    ),
    expected: 'Monday please.',
  },
  {
    name: 'Gmail with CRLF line ends, trailing spaces and extra blank lines',
    body: mail('Option 3  ', '', '', '', '', 'Cheers, Jane   ', '', 'On Fri, Nov 20, 2026 at 9:15 AM Acme <webinar-q3@meet.acme.com> wrote:', quoted(OFFER)).replace(/\n/g, '\r\n'),
    expected: 'Option 3\n\nCheers, Jane',
  },
  {
    name: 'Apple Mail (macOS)',
    body: mail(
      'Tuesday at 10 suits me.',
      '',
      'Jane',
      '',
      '> On 20 Nov 2026, at 15:15, Acme Scheduling <webinar-q3@meet.acme.com> wrote:',
      '> ',
      quoted(OFFER),
    ),
    expected: 'Tuesday at 10 suits me.\n\nJane',
  },
  {
    name: 'iPhone with "Sent from my iPhone" and a quoted attribution',
    body: mail(
      'Number 1 please',
      '',
      'Sent from my iPhone',
      '',
      '> On Nov 20, 2026, at 9:15 AM, Acme Scheduling <webinar-q3@meet.acme.com> wrote:',
      '> ',
      quoted(OFFER),
    ),
    expected: 'Number 1 please',
  },
  {
    name: 'Android footer in Spanish, and a sentence starting "Sent from my" is kept',
    body: mail(
      'Sent from my phone, sorry for typos: option 2 works.',
      '',
      'Enviado desde mi móvil Samsung',
      '',
      '-------- Mensaje original --------',
      'De: Acme Scheduling <webinar-q3@meet.acme.com>',
      OFFER,
    ),
    expected: 'Sent from my phone, sorry for typos: option 2 works.',
  },
  {
    name: 'Thunderbird bottom-post',
    body: mail(
      'On 20/11/2026 15:15, Acme Scheduling wrote:',
      quoted(OFFER),
      '',
      'The Wednesday slot is best for me.',
      '',
      'Jane',
    ),
    expected: 'The Wednesday slot is best for me.\n\nJane',
  },
  {
    name: 'inline answers between quoted lines are kept',
    body: mail(
      'On Fri, Nov 20, 2026 at 9:15 AM Acme Scheduling <webinar-q3@meet.acme.com> wrote:',
      '> 1. Monday, 23 November 2026, 14:00-14:30',
      '> 2. Tuesday, 24 November 2026, 10:00-10:30',
      '',
      'This one.',
      '',
      '> 3. Wednesday, 25 November 2026, 15:30-16:00',
      '',
      'Or this one if Tuesday fills up.',
    ),
    expected: 'This one.\n\nOr this one if Tuesday fills up.',
  },
  {
    name: 'Outlook desktop, English header block',
    body: mail(
      'Tuesday at 10 is great',
      '',
      'Jane Doe',
      'Head of Operations, Example Corp',
      '',
      'From: Acme Scheduling <webinar-q3@meet.acme.com>',
      'Sent: Friday, November 20, 2026 9:15 AM',
      'To: Jane Doe <jane.doe@example.com>',
      'Subject: Re: Demo of the scheduling features',
      '',
      OFFER,
    ),
    expected: 'Tuesday at 10 is great\n\nJane Doe\nHead of Operations, Example Corp',
  },
  {
    name: 'Outlook web, underscore rule and bold headers',
    body: mail(
      'Let us do the first one.',
      '',
      '________________________________',
      '*From:* Acme Scheduling <webinar-q3@meet.acme.com>',
      '*Sent:* Friday, November 20, 2026 2:15 PM',
      '*To:* Jane Doe <jane.doe@example.com>',
      '*Subject:* Re: Demo of the scheduling features',
      '',
      OFFER,
    ),
    expected: 'Let us do the first one.',
  },
  {
    name: 'Outlook French, "De :" header block with non-breaking spaces',
    body: mail(
      'Le deuxième créneau me convient.',
      '',
      'Cordialement,',
      'Jeanne',
      '',
      '________________________________',
      'De\u00a0: Acme Scheduling <webinar-q3@meet.acme.com>',
      'Envoyé\u00a0: vendredi 20 novembre 2026 15:15',
      'À\u00a0: Jeanne Dupont <jeanne@example.fr>',
      'Objet\u00a0: Re: Demo of the scheduling features',
      '',
      OFFER,
    ),
    expected: 'Le deuxième créneau me convient.\n\nCordialement,\nJeanne',
  },
  {
    name: 'Outlook German header block',
    body: mail(
      'Dienstag um 10 passt.',
      '',
      'Viele Grüße',
      'Johanna',
      '',
      'Von: Acme Scheduling <webinar-q3@meet.acme.com>',
      'Gesendet: Freitag, 20. November 2026 15:15',
      'An: Johanna Schmidt <johanna@example.de>',
      'Betreff: Re: Demo of the scheduling features',
      '',
      OFFER,
    ),
    expected: 'Dienstag um 10 passt.\n\nViele Grüße\nJohanna',
  },
  {
    name: 'Outlook "-----Original Message-----" with Get Outlook footer',
    body: mail(
      'None of these work, do you have anything on Friday?',
      '',
      'Get Outlook for iOS<https://aka.ms/o0ukef>',
      '-----Original Message-----',
      'From: Acme Scheduling <webinar-q3@meet.acme.com>',
      OFFER,
    ),
    expected: 'None of these work, do you have anything on Friday?',
  },
  {
    name: 'French Gmail attribution "Le ... a écrit :"',
    body: mail(
      'Le 3 me va très bien.',
      '',
      'Le ven. 20 nov. 2026 à 15:15, Acme Scheduling <webinar-q3@meet.acme.com> a écrit :',
      '',
      quoted(OFFER),
    ),
    expected: 'Le 3 me va très bien.',
  },
  {
    name: 'German "Am ... schrieb ...:" attribution',
    body: mail(
      'Nummer 2 bitte.',
      '',
      'Am Fr., 20. Nov. 2026 um 15:15 Uhr schrieb Acme Scheduling <webinar-q3@meet.acme.com>:',
      '',
      quoted(OFFER),
    ),
    expected: 'Nummer 2 bitte.',
  },
  {
    name: 'Spanish, Italian and Dutch attributions',
    body: mail(
      'La segunda.',
      'El vie, 20 nov 2026 a las 15:15, Acme (<webinar-q3@meet.acme.com>) escribió:',
      quoted(OFFER),
      'Il giorno ven 20 nov 2026 alle ore 15:15 Acme ha scritto:',
      quoted(OFFER),
      'Op vr 20 nov. 2026 om 15:15 schreef Acme <webinar-q3@meet.acme.com>:',
      quoted(OFFER),
    ),
    expected: 'La segunda.',
  },
  {
    name: 'attribution without ">" quoting ends the new text',
    body: mail(
      'Second one, thanks.',
      '',
      'On Fri, Nov 20, 2026 at 9:15 AM Acme Scheduling <webinar-q3@meet.acme.com> wrote:',
      OFFER,
    ),
    expected: 'Second one, thanks.',
  },
  {
    name: 'attribution on the first line followed by unquoted text keeps that text',
    body: mail(
      'On Fri, Nov 20, 2026 at 9:15 AM Acme Scheduling <webinar-q3@meet.acme.com> wrote:',
      'I can do the Wednesday slot.',
    ),
    expected: 'I can do the Wednesday slot.',
  },
  {
    name: 'signature delimiter drops the signature',
    body: mail('Number 3.', '', '-- ', 'Jane Doe | VP Sales | +1 212 555 0143', 'Mon-Fri 9:00-17:00 ET'),
    expected: 'Number 3.',
  },
  {
    name: 'legal disclaimer after the sign-off',
    body: mail(
      'Tuesday works.',
      '',
      'Jane',
      '',
      'CONFIDENTIALITY NOTICE: This email and any attachments are for the sole use of the intended recipient.',
      'Meetings 1, 2 and 3 are referenced for compliance only.',
    ),
    expected: 'Tuesday works.\n\nJane',
  },
  {
    name: '"This email and any attachments are confidential" disclaimer',
    body: mail('Option 1.', '', 'This email and any attachments are confidential and may be privileged.'),
    expected: 'Option 1.',
  },
  {
    name: 'a sentence starting "Disclaimer:" inside the text is kept',
    body: mail("Disclaimer: I'm not the buyer, but option 2 works for our team.", '', 'Jane'),
    expected: "Disclaimer: I'm not the buyer, but option 2 works for our team.\n\nJane",
  },
  {
    name: 'a message that only quotes has no new text',
    body: mail(
      'From: Acme Scheduling <webinar-q3@meet.acme.com>',
      'Sent: Friday, November 20, 2026 9:15 AM',
      'To: Jane Doe <jane.doe@example.com>',
      'Subject: Re: Demo',
      '',
      OFFER,
    ),
    expected: '',
  },
  ...[
    'Begin forwarded message:',
    'Début du message réexpédié :',
    'Anfang der weitergeleiteten Nachricht:',
    '---------- Weitergeleitete Nachricht ---------',
    '---------- Mensaje reenviado ---------',
    '-------- Forwarded Message --------',
  ].map((separator) => ({
    name: `a forwarded original below "${separator}"`,
    body: mail('Please take this one, Jane wants a demo.', '', separator, '', 'From: Jane Doe <jane.doe@example.com>', 'Subject: Demo', '', OFFER),
    expected: 'Please take this one, Jane wants a demo.',
  })),
  {
    name: 'a line directly above a wrapped attribution is the reply, not part of the attribution',
    body: mail('Tuesday works, thanks!', 'On Fri, Nov 20, 2026 at 9:15 AM Acme Scheduling <', 'webinar-q3@meet.acme.com> wrote:', '', quoted(OFFER)),
    expected: 'Tuesday works, thanks!',
  },
  {
    name: 'a wrapped attribution whose first line carries the date is one attribution',
    body: mail('Va bene la seconda.', '', 'Il giorno ven 20 nov 2026 alle ore 15:15 Acme Scheduling', '<webinar-q3@meet.acme.com> ha scritto:', '', quoted(OFFER)),
    expected: 'Va bene la seconda.',
  },
  {
    name: 'a reply the disclaimer rule would take whole is kept',
    body: mail("CONFIDENTIAL: we'd like Tuesday at 10", '', 'On Fri, Nov 20, 2026 at 9:15 AM Acme Scheduling <webinar-q3@meet.acme.com> wrote:', quoted(OFFER)),
    expected: "CONFIDENTIAL: we'd like Tuesday at 10",
  },
  {
    name: 'a sentence ending "wrote on <date>:" is the reply, not an attribution',
    body: mail('Hi,', '', 'As Mark wrote on 12/11:', 'Tuesday at 10 works for both of us.', '', 'Jane', '', 'On Fri, Nov 20, 2026 at 9:15 AM Acme Scheduling <webinar-q3@meet.acme.com> wrote:', quoted(OFFER)),
    expected: 'Hi,\n\nAs Mark wrote on 12/11:\nTuesday at 10 works for both of us.\n\nJane',
  },
  {
    name: 'a phone footer alone above the quote is no reply',
    body: mail('Sent from my iPhone', '', '> On Nov 20, 2026, at 9:15 AM, Acme Scheduling <webinar-q3@meet.acme.com> wrote:', quoted(OFFER)),
    expected: '',
  },
  {
    name: 'times written as "From: … To: …" are not an Outlook header block',
    body: mail('Date: Tuesday 24 November', 'From: 10:00', 'To: 10:30', '', 'Jane'),
    expected: 'Date: Tuesday 24 November\nFrom: 10:00\nTo: 10:30\n\nJane',
  },
  {
    name: 'a sentence ending in a localised "sent" verb is not a phone footer',
    body: mail('Salı uygun.', 'Takvim davetiniz gönderildi.', '', 'Elif'),
    expected: 'Salı uygun.\nTakvim davetiniz gönderildi.\n\nElif',
  },
  {
    name: 'plain first contact is unchanged',
    body: mail('Hi,', '', 'I attended the Q3 webinar and would like a demo.', '', 'Best,', 'Jane'),
    expected: 'Hi,\n\nI attended the Q3 webinar and would like a demo.\n\nBest,\nJane',
  },
];

describe('visibleText', () => {
  it.each(cases)('$name', ({ body, expected }) => {
    expect(visibleText(body)).toBe(expected);
  });
});
