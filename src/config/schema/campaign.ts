/** The `campaigns` section of campaigns.yaml: one entry per campaign address. */
import { z } from 'zod';
import { TEMPLATE_NAMES } from '../template-names.js';
import { quote } from '../issues.js';
import { oneBufferForm, schedulingKeys } from './scheduling.js';
import {
  campaignAddress, caps, email, strictObject, text, timeZone, wholeNumber,
} from './primitives.js';
import { ROUTING_MODES, type RoutingMode } from '../types.js';

const routingMode = z.enum(ROUTING_MODES, {
  error: (issue) => `${quote(issue.input)} is not a routing mode (one of: ${ROUTING_MODES.join(', ')})`,
});

const FALLBACK_MODES = ROUTING_MODES.filter(
  (mode): mode is Exclude<RoutingMode, 'owner_first'> => mode !== 'owner_first',
);

const idList = z.array(z.string()).min(1, 'must name at least one team member');

/**
 * Which keys go with which mode, and that ids name team members, is checked in
 * routing-references.ts: those rules span the campaign and the team.
 */
const routingSection = strictObject({
  mode: routingMode.default('round_robin'),
  owners: z.record(z.string(), z.string())
    .transform((owners) =>
      Object.fromEntries(Object.entries(owners).map(([domain, id]) => [domain.toLowerCase(), id])))
    .default({})
    .describe('owner_first: prospect email domain -> team id of the account owner.'),
  fallback: z.enum(FALLBACK_MODES, {
    error: (issue) =>
      `${quote(issue.input)} is not a fallback routing mode (one of: ${FALLBACK_MODES.join(', ')})`,
  })
    .default('round_robin')
    .describe('owner_first: how to route when the owner has no free time or the domain has no owner.'),
  tiers: z.array(idList).default([])
    .describe('priority: lists of team ids; a tier is tried only when nobody in the ones before is free.'),
  fixed: z.string().nullable().default(null)
    .describe('fixed_rotating: team id of the person in every meeting; the rest of the team rotates.'),
  fairness_window_days: wholeNumber(1, 365).default(30)
    .describe('Bookings are counted over this many days when sharing meetings out.'),
  count_cancelled: z.boolean().default(false).describe('Cancelled meetings still count towards a share.'),
  count_no_shows: z.boolean().default(true).describe('No-shows still count towards a share.'),
  fallback_pools: z.array(idList).default([])
    .describe('Lists of team ids tried in order when nobody in the campaign team is free.'),
  reschedule_keeps_host: z.boolean().default(true)
    .describe('A rescheduled meeting stays with its host (true) or may go to someone else.'),
});

// A bare mode is shorthand for a section with only `mode`, so both resolve to the same values.
const routing = z
  .union([routingMode.transform((mode) => routingSection.parse({ mode })), routingSection], {
    error: `expected a routing mode (one of: ${ROUTING_MODES.join(', ')}) or a section with \`mode\``,
  })
  .prefault('round_robin')
  .describe('A routing mode, or a section with `mode` and its settings.');

// The scheduling keys override each rep's own `scheduling`; left out, the rep's apply.
/** "24h", "90m", "2d": how long before a meeting a reminder goes out. */
const reminderBefore = z
  .string()
  .regex(/^[1-9]\d{0,4}(m|h|d)$/, 'must be a number and a unit, like 24h, 90m or 2d')
  .transform((value) => Number(value.slice(0, -1)) * { m: 1, h: 60, d: 1440 }[value.slice(-1) as 'm' | 'h' | 'd'])
  .refine((minutes) => minutes <= 30 * 1440, 'must be at most 30d');

const meeting = strictObject({
  title: text.default('Intro call'),
  ...schedulingKeys,
  location: text.nullable().default(null),
  caps_per_host: caps.describe('Most meetings of this campaign per rep, on top of the rep\'s own caps.'),
  reminders: z.array(reminderBefore).default([])
    .describe('Reminders to the prospect this long before the meeting (24h, 1h ...), in their language and zone; none for a meeting booked inside that time.'),
}).superRefine(oneBufferForm);

const templates = strictObject(
  Object.fromEntries(TEMPLATE_NAMES.map((name) => [name, text.optional()])) as Record<
    (typeof TEMPLATE_NAMES)[number],
    z.ZodOptional<typeof text>
  >,
);

const faqEntry = strictObject({ question: text, answer: text });

const limits = strictObject({
  messages_per_conversation: wholeNumber(1, 1000).default(12)
    .describe('Most mails the agent sends in one conversation.'),
  messages_per_sender_per_day: wholeNumber(1, 1000).default(6)
    .describe('Most mails the agent sends one address per day, over all conversations.'),
});

export const campaign = strictObject({
  address: campaignAddress,
  name: text,
  team: z.array(z.string()).min(1, 'must name at least one team member'),
  routing,
  time_zone: timeZone
    .optional()
    .describe('Time zone times are shown in; defaults to the first team member\'s.'),
  owner: z
    .string()
    .optional()
    .describe('Team id of who takes over when the agent cannot; defaults to the first team member.'),
  sender_name: text
    .optional()
    .describe('The "From" name prospects see; defaults to the campaign name.'),
  meeting: meeting.prefault({}).describe(
    'The meeting booked. A scheduling key left out takes each rep\'s own (team scheduling), else the built-in default.',
  ),
  forward_to: email.nullable().default(null)
    .describe('A CRM or shared inbox that gets a copy of every inbound message.'),
  on_authentication_failure: z.enum(['record', 'hand_to_human']).default('record')
    .describe('A message failing DMARC is never answered and never books; it goes to the owner. record: the agent goes on with the prospect\'s authenticated mail; hand_to_human: the owner takes the thread.'),
  faq: z.array(faqEntry).default([]).describe('The only product facts the agent may state.'),
  templates: templates.prefault({}).describe('Your own wording for the agent\'s mails, by template name.'),
  offer_hold_minutes: wholeNumber(0, 20_160).default(1440)
    .describe('How long offered times stay held for the lead, so other leads are offered other times (0: no holds). While the team has time to spare; when it runs short, the oldest holds give way.'),
  follow_up_after_hours: z.number().positive().nullable().default(48)
    .describe('One polite nudge after this many hours of silence; null for never.'),
  llm_model: text.nullable().default(null)
    .describe('LLM model for this campaign; defaults to the service\'s.'),
  limits: limits.prefault({}),
});
