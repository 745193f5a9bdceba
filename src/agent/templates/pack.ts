import type { TemplateName } from '../../config/template-names.js';

/** The languages prospects get mail in; anything else is answered in English. */
export const SUPPORTED_LANGUAGES = ['en', 'fr', 'de', 'es'] as const;
export type SupportedLanguage = (typeof SUPPORTED_LANGUAGES)[number];

/** Everything language-specific about the agent's mails. */
export interface LanguagePack {
  /** Luxon/Intl locale for dates ("en-GB" writes "Tuesday 24 November", not "Tuesday, November 24"). */
  locale: string;
  /** Luxon format of a meeting's day and start ("cccc d LLLL, HH:mm"). */
  dayAndStart: string;
  /** Between start and end time: "10:00 – 10:30" or "10:00–10:30". */
  rangeDash: string;
  /** "Hi Jane," or, without a name, a neutral "Hello,". */
  greeting: (firstName: string | null) => string;
  /**
   * The sentence about the invitation in confirmation and rescheduled mail: attached by email, or
   * sent by the rep's calendar (Google sends its own invitations; we never send a second one).
   */
  inviteNotes: { attached: string; updatedAttached: string; fromCalendar: string; updatedFromCalendar: string };
  /** The default wording of every mail, with {placeholders} (see docs/templates.md). */
  templates: Record<TemplateName, string>;
}
