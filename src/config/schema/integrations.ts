import { z } from 'zod';
import { WEBHOOK_EVENTS } from '../webhook-events.js';
import { envName, strictObject } from './primitives.js';

const webhook = strictObject({
  url: z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' }).describe('Where the events are POSTed.'),
  secret_env: envName.describe('Environment variable holding the signing secret, whsec_ followed by base64 (Standard Webhooks).'),
  events: z.array(z.enum(WEBHOOK_EVENTS)).min(1).optional().describe('The events this endpoint gets. Default: all.'),
});

export const integrations = strictObject({
  webhooks: z.array(webhook).default([]).describe('Signed webhooks (Standard Webhooks), delivered at least once, in order per lead.'),
});
