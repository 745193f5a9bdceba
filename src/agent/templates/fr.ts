import type { LanguagePack } from './pack.js';

const SIGN_OFF = 'Bien cordialement,\n{sender_name}';
const QUESTION_LINES = '{answer}\nConcernant votre question (« {question} ») : {host_name} y répondra volontiers pendant l’échange.';
const ASK =
  'Horaires indiqués : {zone}.\nRépondez simplement avec le numéro du créneau qui vous convient, ou proposez-en un autre.';

const offerMail = (opening: string) => `{greeting}\n\n${opening}\n\n{times}\n\n${QUESTION_LINES}\n\n${ASK}\n\n${SIGN_OFF}`;

export const fr: LanguagePack = {
  locale: 'fr',
  dayAndStart: 'cccc d LLLL, HH:mm',
  rangeDash: '–',
  greeting: (name) => (name ? `Bonjour ${name},` : 'Bonjour,'),
  inviteNotes: {
    attached: 'L’invitation est jointe.',
    updatedAttached: 'L’invitation mise à jour est jointe.',
    fromCalendar: 'L’invitation vous parvient depuis l’agenda de {host_name}.',
    updatedFromCalendar: 'Votre invitation d’agenda a été mise à jour.',
  },
  templates: {
    offer: offerMail('Merci pour votre message. Voici quelques créneaux pour un échange avec {host_name} :'),
    offer_again: offerMail('Voici d’autres créneaux possibles avec {host_name} :'),
    slot_taken: offerMail('Désolé, ce créneau vient d’être pris. Voici les prochains disponibles :'),
    no_fit: offerMail('Ce créneau n’est malheureusement pas disponible. Voici les plus proches :'),
    unclear: offerMail(
      'Désolé, je ne suis pas sûr d’avoir compris quel créneau vous convient.\nVouliez-vous dire le {guess} ? Si oui, répondez simplement avec son numéro.\n\nVoici les créneaux possibles avec {host_name} :',
    ),
    follow_up: offerMail('Je me permets de revenir vers vous : voici quelques créneaux pour un échange avec {host_name} :'),
    confirmation:
      '{greeting}\n\nC’est réservé avec {host_name} :\n\n  {time}, {zone}\n\n' +
      `{invite_note} Pour toute modification, il suffit de répondre à ce message.\n\n${SIGN_OFF}`,
    rescheduled:
      '{greeting}\n\nC’est fait : votre rendez-vous avec {host_name} a été déplacé :\n\n  {time}, {zone}\n\n' +
      `{invite_note} Pour toute autre modification, répondez simplement à ce message.\n\n${SIGN_OFF}`,
    cancelled:
      '{greeting}\n\nVotre rendez-vous avec {host_name} est annulé :\n\n  {time}, {zone}\n\n' +
      `Si vous souhaitez trouver un autre moment plus tard, répondez simplement à ce message.\n\n${SIGN_OFF}`,
    reminder:
      '{greeting}\n\nPetit rappel de votre rendez-vous avec {host_name} :\n\n  {time}, {zone}\n\n' +
      `Si ce créneau ne vous convient plus, répondez simplement à cet e-mail avec un autre qui vous arrange.\n\n${SIGN_OFF}`,
    decline: `{greeting}\n\nC’est noté, merci de nous avoir prévenus. Nous ne vous écrirons plus à ce sujet.\n\n${SIGN_OFF}`,
    unsubscribed: `{greeting}\n\nC’est fait : vous ne recevrez plus d’e-mails de notre part à cette adresse.\n\n${SIGN_OFF}`,
    handoff_notice:
      `{greeting}\n\nMerci pour votre message. Je l’ai transmis à {host_name}, qui vous répondra personnellement.\n\n${SIGN_OFF}`,
    question_deferred:
      '{greeting}\n\nMerci pour votre question :\n\n  « {question} »\n\n' +
      `{host_name} y répondra personnellement. Pour toute autre demande, répondez simplement à ce message.\n\n${SIGN_OFF}`,
    question_answered:
      '{greeting}\n\nVous nous avez demandé :\n\n  « {question} »\n\n{answer}\n\n' +
      `S’il reste un point à éclaircir, {host_name} le verra volontiers avec vous. Répondez simplement à ce message.\n\n${SIGN_OFF}`,
  },
};
