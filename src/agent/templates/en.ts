import type { LanguagePack } from './pack.js';

const SIGN_OFF = 'Best regards,\n{sender_name}';
/** Said after the times when the prospect asked something: the FAQ's answer, or that the rep will cover it. */
const QUESTION_LINES = '{answer}\nAbout your question ("{question}"): {host_name} will be happy to go through it on the call.';
const ASK = 'All times are {zone}.\nJust reply with the number of the time that suits you, or suggest another time.';

const offerMail = (opening: string) => `{greeting}\n\n${opening}\n\n{times}\n\n${QUESTION_LINES}\n\n${ASK}\n\n${SIGN_OFF}`;

export const en: LanguagePack = {
  locale: 'en-GB',
  dayAndStart: 'cccc d LLLL, HH:mm',
  rangeDash: ' – ',
  greeting: (name) => (name ? `Hi ${name},` : 'Hello,'),
  inviteNotes: {
    attached: 'The calendar invitation is attached.',
    updatedAttached: 'The updated invitation is attached.',
    fromCalendar: "The calendar invitation comes from {host_name}'s calendar.",
    updatedFromCalendar: 'Your calendar invitation has been updated.',
  },
  templates: {
    offer: offerMail('Thanks for getting in touch. {host_name} would be glad to talk with you. Here are a few times that work:'),
    offer_again: offerMail('Here are some times that work for {host_name}:'),
    slot_taken: offerMail('Sorry, that time has just been taken. Here are the next times available:'),
    no_fit: offerMail("That time isn't available, I'm afraid. These are the closest ones:"),
    unclear: offerMail(
      "Sorry, I'm not sure I understood which time suits you.\nDid you mean {guess}? If so, just reply with its number.\n\nThese are the times that work for {host_name}:",
    ),
    follow_up: offerMail('Just following up: {host_name} would still be glad to talk with you. Here are a few times that work:'),
    confirmation:
      "{greeting}\n\nYou're booked with {host_name}:\n\n  {time}, {zone}\n\n" +
      `{invite_note} If you need to change anything, just reply to this email.\n\n${SIGN_OFF}`,
    rescheduled:
      '{greeting}\n\nDone: your meeting with {host_name} has moved to\n\n  {time}, {zone}\n\n' +
      `{invite_note} If you need to change anything else, just reply to this email.\n\n${SIGN_OFF}`,
    cancelled:
      '{greeting}\n\nYour meeting with {host_name} is cancelled:\n\n  {time}, {zone}\n\n' +
      `If you'd like to find another time later, just reply to this email.\n\n${SIGN_OFF}`,
    reminder:
      "{greeting}\n\nA reminder of your meeting with {host_name}:\n\n  {time}, {zone}\n\n" +
      `If that no longer suits you, just reply to this email with a time that does.\n\n${SIGN_OFF}`,
    decline: `{greeting}\n\nUnderstood, thank you for letting us know. We won't write to you about this again.\n\n${SIGN_OFF}`,
    unsubscribed: `{greeting}\n\nDone: you won't receive any more emails from us at this address.\n\n${SIGN_OFF}`,
    handoff_notice:
      `{greeting}\n\nThanks for your message. I've passed it to {host_name}, who will get back to you personally.\n\n${SIGN_OFF}`,
    question_deferred:
      '{greeting}\n\nThanks for your question:\n\n  "{question}"\n\n' +
      `{host_name} will answer it personally. If anything else comes up, just reply to this email.\n\n${SIGN_OFF}`,
    question_answered:
      '{greeting}\n\nYou asked:\n\n  "{question}"\n\n{answer}\n\n' +
      `If that leaves anything open, {host_name} will be happy to cover it. Just reply to this email.\n\n${SIGN_OFF}`,
  },
};
