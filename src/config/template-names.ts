/** The mails whose wording a campaign may override under `templates:` in campaigns.yaml. */
export const TEMPLATE_NAMES = ['offer', 'offer_again', 'slot_taken', 'no_fit', 'unclear', 'confirmation', 'rescheduled', 'cancelled', 'reminder', 'decline', 'unsubscribed', 'handoff_notice', 'follow_up', 'question_deferred', 'question_answered'] as const;
export type TemplateName = (typeof TEMPLATE_NAMES)[number];
