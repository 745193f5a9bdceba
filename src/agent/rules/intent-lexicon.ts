import { wordsRegex, type Language } from './lexicon.js';

/**
 * Phrase tables for the intents that are about the conversation rather than a time: leaving
 * the list, cancelling or moving a meeting, asking for a person, pointing to someone else,
 * asking a question. Like the scheduling lexicon, one entry per language, matched as the union of
 * all languages, case-insensitively, as whole words.
 */
export interface IntentLexicon {
  /** Do not write again: stronger than a decline, honoured forever. */
  unsubscribe: string[];
  cancel: string[];
  /** Move the meeting: "reschedule", "push it back". */
  reschedule: string[];
  /**
   * An excuse ("something came up"): with a meeting booked it asks to move it, unless the reply
   * cancels it explicitly without asking for another time.
   */
  excuses: string[];
  /** Will not be there; with a meeting booked this asks to move it unless they also cancel. */
  cannotAttend: string[];
  /** Asks whether the agent is a person, or for a real one: a person answers, whatever else is said. */
  botCheck: string[];
  /** Wants to talk to someone: a person answers unless the reply also picks or proposes a time. */
  human: string[];
  /** Someone else is the right contact: with a person named, the message is a redirect. */
  redirect: string[];
  /** Someone is added to the thread ("cc'ing", "loop in"): a redirect only if nothing else is said. */
  include: string[];
  /** The writer says they are the wrong person: a capitalised name after a redirect cue is then a person. */
  notMe: string[];
  /** Roles written before a name ("my colleague Jane"): the name after them is a person. */
  relations: string[];
  /** Words that open a question even when the question mark is left off (not "is"/"will": "Will do."). */
  questionOpeners: string[];
  /** Questions about who is writing, not about the product or meeting: left to a person. */
  metaQuestions: string[];
  /** Asking for information without a question mark ("send me some info first"): a question all the same. */
  infoRequests: string[];
}

const en: IntentLexicon = {
  unsubscribe: [
    'unsubscribe', 'remove (?:me|my (?:e-?mail(?: address)?|address|details|data|contact(?: details)?))', 'take me off', 'cancel my subscription', 'opt(?:[- ])?out', 'leave me alone', 'no more (?:e-?mails|emails|messages)',
    'stop (?:e-?mailing|emailing|contacting|writing to|sending|spamming|messaging)(?: me| us)?',
    "(?:don't|do not|never) (?:e-?mail|contact|write to|message) (?:me|us)",
  ],
  cancel: ['cancel(?:l?ed|l?ing|lation)?', 'call (?:it|this|the meeting) off'],
  reschedule: [
    're-?schedul\\p{L}*', 'postpone', '(?:push|bump) (?:it|this|that|the \\p{L}+|our \\p{L}+)(?: back| out)?',
    'move (?:it|this|that|the (?:meeting|call|appointment|demo)|our (?:meeting|call|appointment|demo))',
    'change (?:the|our) (?:time|date|day|meeting|call)', 'different (?:time|day) for (?:the|our) (?:meeting|call)',
  ],
  excuses: ['something (?:came|has come|come) up', '(?:a|an) (?:\\p{L}+ )?(?:conflict|emergency) (?:came|has come|come) up'],
  cannotAttend: [
    "(?:can't|cannot|can not|won't|will not|couldn't|unable to|not able to) (?:make it|attend|join|be there)",
  ],
  botCheck: [
    '(?:real|actual|live) (?:person|human)', 'human being',
    '(?:is this|are you|am i talking to|am i writing to) (?:a |an )?(?:bot|robot|machine|ai|automated|human|real)',
  ],
  human: [
    '(?:talk|speak|chat) (?:to|with) (?:a |an |some )?(?:person|human|people|someone|somebody|rep|representative|salesperson|sales rep)',
  ],
  redirect: [
    'not (?:me|the right (?:person|contact))', 'wrong (?:person|contact)', '(?:talk|speak) (?:to|with)', 'reach out to',
    'contact(?! me)',
    '(?:handles|owns|is in charge of|is responsible for) (?:this|that|these)', 'better (?:person|contact)',
    '(?:right|best) person', 'get in touch with', 'coordinate with', '(?:set|arrange|book|organi[sz]e|schedule) (?:\\p{L}+ ){0,3}(?:up )?with',
    '(?:will|can|is going to) take (?:this|it) over', '(?:with|to) (?:him|her|them) instead', '(?:manages|handles|runs|keeps) my (?:calendar|schedule|diary|agenda)', 'forward(?:ed|ing)? (?:this|it|your (?:e-?mail|message)) to',
  ],
  include: ["cc'?(?:ing|ed|'d)?", 'copying', 'copied', 'loop(?:ing)? in', 'adding', 'including', 'invite', 'send (?:the |an )?invit\\p{L}* to', 'will (?:also )?join', 'joining'],
  notMe: ["not (?:me|the right (?:person|contact))", 'wrong (?:person|contact)', "i'?m not the"],
  relations: [
    '(?:my|our) (?:colleague|co-?worker|boss|manager|assistant|partner|team-?mate|cto|ceo|cfo|coo|vp|director|head of \\p{L}+)',
  ],
  questionOpeners: [
    'how', 'what', 'which', 'who', 'why', 'where', 'any chance', "(?:i'?d like|i want|i would like) to know",
    "(?:i'?m|i am|i was) wondering", 'quick question',
  ],
  metaQuestions: [
    'who (?:is|are) (?:this|you)', "what(?:'s| is) this (?:about|regarding)", 'how did you get my (?:e-?mail|address|details)',
  ],
  infoRequests: [
    'send (?:me|us|over)(?: \\p{L}+){0,3} (?:info|information|details|deck|brochure|pricing|materials|documentation|case stud(?:y|ies))',
  ],
};

const fr: IntentLexicon = {
  unsubscribe: [
    'désabonn\\p{L}*', 'desabonn\\p{L}*', 'désinscri\\p{L}*', 'desinscri\\p{L}*', 'ne plus (?:recevoir|me contacter|m\'écrire)',
    'retirez-moi', 'arrêtez de m\'(?:écrire|envoyer)', 'me retirer de (?:votre|vos|la|cette) (?:liste|fichier)',
  ],
  cancel: ['annul\\p{L}*'],
  reschedule: [
    'report(?:er|ons|ez|é|ée)', 'd[ée]cal(?:er|ons|ez|é|ée)', 'd[ée]plac(?:er|ons|ez|é|ée)', 'changer (?:l\'heure|la date|le rendez-vous)',
  ],
  excuses: ['un empêchement', 'un imprévu', 'empêchée?'],
  cannotAttend: ['(?:ne pourrai|ne peux) pas (?:venir|être là|y être|participer)'],
  botCheck: ['(?:êtes-vous|vous êtes|c\'est|es-tu|tu es) un (?:robot|bot)', 'vraie personne'],
  human: ['parler à (?:une personne|quelqu\'un|un humain|un conseiller)'],
  redirect: [
    '(?:voyez|voir) (?:\\p{L}+ ){0,2}avec', '(?:organiser|caler|fixer|prendre) (?:\\p{L}+ ){0,4}avec', 'contactez', 's\'occupe de (?:ce|cela|ça)',
    'qui gère', 'je transmets', 'pas (?:moi|la bonne personne)',
  ],
  include: ['en copie', 'je mets'],
  notMe: ['pas (?:moi|la bonne personne)', 'à ma place'],
  relations: ['(?:mon|ma|notre) (?:collègue|responsable|directeur|directrice|assistante?|associée?)'],
  questionOpeners: ['combien', 'comment', 'quel(?:le)?s?', 'pourquoi', 'est-ce que'],
  metaQuestions: ['qui êtes-vous', 'qui (?:est-ce|écrit)'],
  infoRequests: ["(?:envoy|transmett)\\p{L}*(?:-moi|-nous)?(?: \\p{L}+){0,3} (?:documentation|informations|infos|brochure|tarifs|plaquette)"],
};

const de: IntentLexicon = {
  unsubscribe: [
    'abmelden', 'austragen', 'abbestellen', 'aus (?:dem|ihrem) verteiler', 'keine (?:weiteren )?(?:e-?mails|nachrichten)(?: mehr)?',
    // Separable verbs: "melden Sie mich (bitte) ab", "tragen Sie mich aus der Liste aus".
    '(?:melden|tragen) sie (?:mich|uns) (?:\\p{L}+ ){0,4}?(?:ab|aus)',
  ],
  cancel: ['absagen', 'abzusagen', 'stornieren', 'streichen', 'sag\\p{L}* (?:sie |ich |wir )?(?:bitte )?(?:den|das|die|unseren|unser|unsere) (?:\\p{L}+ ){0,2}ab'],
  reschedule: ['verschieben', 'verlegen', 'umplanen', 'umbuchen'],
  excuses: ['dazwischengekommen', 'kam (?:etwas|was) dazwischen'],
  cannotAttend: ['(?:kann|könnte) (?:doch )?nicht (?:teilnehmen|kommen|dabei sein)'],
  botCheck: ['(?:sind sie|ist das) ein (?:bot|roboter)', 'echte(?:n|r)? (?:person|mensch)'],
  human: ['mit (?:einem menschen|einer person|jemandem|einem mitarbeiter|einer mitarbeiterin|einem berater|einer beraterin) (?:sprechen|reden)'],
  redirect: [
    'wenden sie sich (?:\\p{L}+ ){0,2}an', 'kontaktieren sie', 'zuständig', 'kümmert sich (?:darum|um)', 'leite (?:\\p{L}+ ){0,4}weiter',
    '(?:stimmen|vereinbaren|koordinieren|machen|besprechen) sie (?:\\p{L}+ ){0,4}mit', 'nicht (?:der|die) richtige(?: ansprechpartner(?:in)?| person| kontakt)?',
  ],
  include: ['in kopie', 'cc'],
  notMe: ['nicht (?:der|die) richtige(?: ansprechpartner(?:in)?| person| kontakt)?', 'nicht zuständig'],
  relations: ['(?:meine[nr]?|unsere[nr]?|mein|unser) (?:kollegin|kollegen|kollege|chef|chefin|assistentin|assistenten|vorgesetzte[nr]?)'],
  questionOpeners: ['wie', 'was', 'wer', 'warum', 'welche[rsnm]?', 'gibt es'],
  metaQuestions: ['wer sind sie', 'wer schreibt'],
  infoRequests: ['(?:schicken|senden)(?: \\p{L}+){0,3} (?:infos|informationen|unterlagen|preise|preisliste|broschüre)'],
};

const es: IntentLexicon = {
  unsubscribe: [
    'darse de baja', 'darme de baja', 'dar de baja', 'dadme de baja', 'denme de baja', 'no me escriban', 'dejen de escribirme',
    'no (?:me|nos) vuelvan a (?:escribir|contactar)',
    '(?:eliminarme|sacarme|me eliminen|me saquen) de (?:su|la|vuestra) lista',
  ],
  cancel: ['cancel(?:ar|o|amos|en|ad)', 'anular'],
  reschedule: ['reprogram\\p{L}*', 'aplaz\\p{L}*', 'pospon\\p{L}*', 'cambiar (?:la hora|la fecha|la cita|la reunión)', 'mover(?:la|lo)?'],
  excuses: ['(?:me|nos) ha surgido (?:algo|un imprevisto)', 'surgió (?:algo|un imprevisto)', 'un imprevisto'],
  cannotAttend: ['no (?:podré|puedo) (?:asistir|ir|estar)'],
  botCheck: ['(?:es|eres) un (?:bot|robot)', 'persona real'],
  human: ['hablar con (?:una persona|alguien|un humano|un agente)'],
  redirect: [
    'hable con', 'contacte (?:con|a)', 'póngase en contacto con', 'se encarga', 'no soy la persona', 'escrib(?:a|e|an) a',
    '(?:coordin|organi[cz]|agend)\\p{L}* (?:\\p{L}+ ){0,3}con', 'lo (?:gestiona|lleva)', 'lleva este tema', 'le paso el contacto',
  ],
  include: ['en copia'],
  notMe: ['no soy la persona', 'no me corresponde'],
  relations: ['(?:mi|nuestr[oa]) (?:compañer[oa]|colega|jef[ea]|director[a]?|asistente)'],
  questionOpeners: ['cuánto', 'cuanto', 'cómo', 'qué', 'quién', 'cuál', 'por qué'],
  metaQuestions: ['quién es usted', 'quién eres'],
  infoRequests: ['(?:envi|enví|mand|mánd)\\p{L}*(?: \\p{L}+){0,3} (?:información|info|detalles|precios|documentación)'],
};

const INTENT_LEXICONS: Record<Language, IntentLexicon> = { en, fr, de, es };

/** The phrases of a key across all languages. */
export function intentPhrases(key: keyof IntentLexicon): string[] {
  return Object.values(INTENT_LEXICONS).flatMap((lexicon) => lexicon[key]);
}

/** One regex for a key across all languages. */
export function intentRegex(key: keyof IntentLexicon): RegExp {
  return wordsRegex(intentPhrases(key));
}
