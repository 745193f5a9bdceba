import type { LanguagePack } from './pack.js';

const SIGN_OFF = 'Un saludo,\n{sender_name}';
const QUESTION_LINES = '{answer}\nSobre su pregunta («{question}»): {host_name} la comentará con gusto durante la llamada.';
const ASK = 'Horas indicadas: {zone}.\nResponda simplemente con el número del horario que mejor le venga o proponga otro.';

const offerMail = (opening: string) => `{greeting}\n\n${opening}\n\n{times}\n\n${QUESTION_LINES}\n\n${ASK}\n\n${SIGN_OFF}`;

export const es: LanguagePack = {
  locale: 'es',
  dayAndStart: "cccc d 'de' LLLL, HH:mm",
  rangeDash: '–',
  greeting: (name) => (name ? `Hola, ${name}:` : 'Hola:'),
  inviteNotes: {
    attached: 'Adjuntamos la invitación de calendario.',
    updatedAttached: 'Adjuntamos la invitación actualizada.',
    fromCalendar: 'La invitación le llegará desde el calendario de {host_name}.',
    updatedFromCalendar: 'Su invitación de calendario se ha actualizado.',
  },
  templates: {
    offer: offerMail('Gracias por escribirnos. Estos son algunos horarios para hablar con {host_name}:'),
    offer_again: offerMail('Estos son otros horarios posibles con {host_name}:'),
    slot_taken: offerMail('Lo sentimos, ese horario se acaba de ocupar. Estos son los siguientes disponibles:'),
    no_fit: offerMail('Ese horario no está disponible, lo siento. Estos son los más cercanos:'),
    unclear: offerMail(
      'Disculpe, no estoy seguro de haber entendido qué horario le conviene.\n¿Se refería a la opción {guess}? Si es así, responda simplemente con su número.\n\nEstos son los horarios posibles con {host_name}:',
    ),
    follow_up: offerMail('Le escribo de nuevo: a {host_name} le encantaría hablar con usted. Estos son algunos horarios:'),
    confirmation:
      '{greeting}\n\nSu reunión con {host_name} está confirmada:\n\n  {time}, {zone}\n\n' +
      `{invite_note} Si necesita cambiar algo, responda a este correo.\n\n${SIGN_OFF}`,
    rescheduled:
      '{greeting}\n\nListo: su reunión con {host_name} tiene nueva fecha:\n\n  {time}, {zone}\n\n' +
      `{invite_note} Si necesita cambiar algo más, responda a este correo.\n\n${SIGN_OFF}`,
    cancelled:
      '{greeting}\n\nSu reunión con {host_name} queda cancelada:\n\n  {time}, {zone}\n\n' +
      `Si más adelante quiere buscar otro momento, responda a este correo.\n\n${SIGN_OFF}`,
    reminder:
      '{greeting}\n\nLe recordamos su reunión con {host_name}:\n\n  {time}, {zone}\n\n' +
      `Si ya no le viene bien, responda a este correo con otro horario que le convenga.\n\n${SIGN_OFF}`,
    decline: `{greeting}\n\nEntendido, gracias por avisarnos. No volveremos a escribirle sobre este tema.\n\n${SIGN_OFF}`,
    unsubscribed: `{greeting}\n\nListo: no recibirá más correos nuestros en esta dirección.\n\n${SIGN_OFF}`,
    handoff_notice:
      `{greeting}\n\nGracias por su mensaje. Se lo he pasado a {host_name}, que le responderá personalmente.\n\n${SIGN_OFF}`,
    question_deferred:
      '{greeting}\n\nGracias por su pregunta:\n\n  «{question}»\n\n' +
      `{host_name} se la responderá personalmente. Si necesita algo más, responda a este correo.\n\n${SIGN_OFF}`,
    question_answered:
      '{greeting}\n\nNos preguntó:\n\n  «{question}»\n\n{answer}\n\n' +
      `Si queda algo pendiente, {host_name} lo verá con usted con gusto. Responda a este correo.\n\n${SIGN_OFF}`,
  },
};
