import type { LanguagePack } from './pack.js';

// After the comma of a German salutation the mail goes on in lower case ("Hallo Jane,\n\nvielen Dank …").

const SIGN_OFF = 'Viele Grüße\n{sender_name}';
const QUESTION_LINES = '{answer}\nZu Ihrer Frage („{question}“): {host_name} geht im Gespräch gern darauf ein.';
const ASK =
  'Alle Zeiten: {zone}.\nAntworten Sie einfach mit der Nummer des passenden Termins oder schlagen Sie eine andere Zeit vor.';

const offerMail = (opening: string) => `{greeting}\n\n${opening}\n\n{times}\n\n${QUESTION_LINES}\n\n${ASK}\n\n${SIGN_OFF}`;

export const de: LanguagePack = {
  locale: 'de',
  dayAndStart: 'cccc, d. LLLL, HH:mm',
  rangeDash: '–',
  greeting: (name) => (name ? `Hallo ${name},` : 'Guten Tag,'),
  inviteNotes: {
    attached: 'Die Kalendereinladung ist angehängt.',
    updatedAttached: 'Die aktualisierte Einladung ist angehängt.',
    fromCalendar: 'Die Kalendereinladung kommt aus dem Kalender von {host_name}.',
    updatedFromCalendar: 'Ihre Kalendereinladung wurde aktualisiert.',
  },
  templates: {
    offer: offerMail('vielen Dank für Ihre Nachricht. Hier sind einige Termine für ein Gespräch mit {host_name}:'),
    offer_again: offerMail('hier sind weitere mögliche Termine mit {host_name}:'),
    slot_taken: offerMail('dieser Termin wurde leider gerade vergeben. Hier sind die nächsten freien Termine:'),
    no_fit: offerMail('dieser Termin ist leider nicht frei. Das sind die nächstgelegenen:'),
    unclear: offerMail(
      'entschuldigen Sie, ich bin nicht sicher, welchen Termin Sie meinen.\nMeinten Sie {guess}? Dann antworten Sie einfach mit der Nummer.\n\nDiese Termine sind mit {host_name} möglich:',
    ),
    follow_up: offerMail('ich wollte mich noch einmal melden: {host_name} würde sich gern mit Ihnen austauschen. Hier sind einige Termine:'),
    confirmation:
      '{greeting}\n\nIhr Termin mit {host_name} steht:\n\n  {time}, {zone}\n\n' +
      `{invite_note} Falls Sie etwas ändern möchten, antworten Sie einfach auf diese E-Mail.\n\n${SIGN_OFF}`,
    rescheduled:
      '{greeting}\n\nerledigt: Ihr Termin mit {host_name} ist verschoben auf\n\n  {time}, {zone}\n\n' +
      `{invite_note} Für weitere Änderungen antworten Sie einfach auf diese E-Mail.\n\n${SIGN_OFF}`,
    cancelled:
      '{greeting}\n\nIhr Termin mit {host_name} ist abgesagt:\n\n  {time}, {zone}\n\n' +
      `Wenn Sie später einen neuen Termin finden möchten, antworten Sie einfach auf diese E-Mail.\n\n${SIGN_OFF}`,
    reminder:
      '{greeting}\n\neine kurze Erinnerung an Ihren Termin mit {host_name}:\n\n  {time}, {zone}\n\n' +
      `Falls er Ihnen nicht mehr passt, antworten Sie einfach auf diese E-Mail mit einem Termin, der Ihnen besser passt.\n\n${SIGN_OFF}`,
    decline: `{greeting}\n\nverstanden, danke für Ihre Rückmeldung. Wir schreiben Ihnen dazu nicht mehr.\n\n${SIGN_OFF}`,
    unsubscribed: `{greeting}\n\nerledigt: Sie erhalten von uns keine E-Mails mehr an diese Adresse.\n\n${SIGN_OFF}`,
    handoff_notice:
      `{greeting}\n\ndanke für Ihre Nachricht. Ich habe sie an {host_name} weitergegeben; Sie erhalten eine persönliche Antwort.\n\n${SIGN_OFF}`,
    question_deferred:
      '{greeting}\n\ndanke für Ihre Frage:\n\n  „{question}“\n\n' +
      `{host_name} beantwortet sie Ihnen persönlich. Bei weiteren Anliegen antworten Sie einfach auf diese E-Mail.\n\n${SIGN_OFF}`,
    question_answered:
      '{greeting}\n\nSie hatten gefragt:\n\n  „{question}“\n\n{answer}\n\n' +
      `Falls noch etwas offen ist, klärt {host_name} das gern mit Ihnen. Antworten Sie einfach auf diese E-Mail.\n\n${SIGN_OFF}`,
  },
};
