/**
 * The shape of campaigns.yaml as marketers write it (snake_case), and its normalisation into
 * values the resolver can use. Checks that span entries or reach outside the file (team ids,
 * routing rules, files on disk, environment variables) are in references.ts, because they must
 * be reported even when the structure has errors elsewhere, which a zod refinement on the whole
 * document would not do.
 */
import { z } from 'zod';
import { campaign } from './campaign.js';
import { strictObject } from './primitives.js';
import { integrations } from './integrations.js';
import { service } from './service.js';
import { teamMember } from './team.js';

export const configFileSchema = strictObject({
  service,
  team: z.array(teamMember).min(1, 'must list at least one team member'),
  campaigns: z.array(campaign).min(1, 'must list at least one campaign'),
  integrations: integrations.prefault({}),
});

export type ConfigFile = z.output<typeof configFileSchema>;
