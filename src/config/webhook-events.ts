/** What the team's other tools hear about, by name (Standard Webhooks `type`). */
export const WEBHOOK_EVENTS = [
  'lead.created',
  'meeting.booked',
  'meeting.rescheduled',
  'meeting.cancelled',
  'handoff.created',
  'outcome.recorded',
] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];
