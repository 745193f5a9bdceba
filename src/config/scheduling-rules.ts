import type { CampaignConfig, HostConfig, SchedulingRules } from './types.js';

/** What applies where neither the campaign nor the rep says otherwise. */
export const DEFAULT_SCHEDULING: Readonly<SchedulingRules> = {
  durationMinutes: 30,
  slotStepMinutes: 30,
  minNoticeMinutes: 4 * 60,
  horizonDays: 14,
  bufferBeforeMinutes: 0,
  bufferAfterMinutes: 0,
};

/**
 * The rules for one rep's meetings in one campaign, key by key: what the campaign sets, else what
 * the rep sets, else the default. Key by key, so a campaign that only shortens the horizon keeps
 * the rep's own meeting length and buffers.
 */
export function schedulingFor(
  host: Pick<HostConfig, 'scheduling'>,
  campaign: { meeting: Pick<CampaignConfig['meeting'], 'overrides'> },
): SchedulingRules {
  const pick = <K extends keyof SchedulingRules>(key: K): SchedulingRules[K] =>
    campaign.meeting.overrides[key] ?? host.scheduling[key] ?? DEFAULT_SCHEDULING[key];
  return {
    durationMinutes: pick('durationMinutes'),
    slotStepMinutes: pick('slotStepMinutes'),
    minNoticeMinutes: pick('minNoticeMinutes'),
    horizonDays: pick('horizonDays'),
    bufferBeforeMinutes: pick('bufferBeforeMinutes'),
    bufferAfterMinutes: pick('bufferAfterMinutes'),
  };
}

/**
 * The rules free slots are computed by for one host's meetings in one campaign: the host's zone
 * and working hours, and the scheduling rules resolved key by key as above.
 */
export function slotRules(
  host: HostConfig,
  campaign: CampaignConfig,
): SchedulingRules & Pick<HostConfig, 'timeZone' | 'workingHours'> {
  return { timeZone: host.timeZone, workingHours: host.workingHours, ...schedulingFor(host, campaign) };
}
