import type { CampaignConfig, HostConfig, WeeklyHours } from '../../src/config/types.js';

/** Mon–Fri 09:00–17:00. */
export const OFFICE_HOURS: WeeklyHours = (() => {
  const day = [{ startMinute: 540, endMinute: 1020 }];
  return { 1: day, 2: day, 3: day, 4: day, 5: day, 6: [], 7: [] };
})();

/** A host with every setting at its default; tests override what they are about. */
export function testHost(partial: Partial<HostConfig> & Pick<HostConfig, 'id'>): HostConfig {
  return {
    name: partial.id,
    email: `${partial.id}@acme.example`,
    timeZone: 'UTC',
    workingHours: OFFICE_HOURS,
    calendar: { provider: 'local', icsFiles: [] },
    weight: 1,
    caps: { perDay: null, perWeek: null },
    daysOff: [],
    timeOff: [],
    ...partial,
  };
}

/** A campaign with every setting at its default; tests override what they are about. */
export function testCampaign(partial: Partial<CampaignConfig> & Pick<CampaignConfig, 'hostIds'>): CampaignConfig {
  return {
    address: 'campaign@meet.acme.example',
    name: 'Test campaign',
    routing: {
      mode: 'round_robin',
      accountOwners: {},
      fallbackMode: 'round_robin',
      tiers: [],
      fixedHostId: null,
      fairnessWindowDays: 30,
      countCancelled: false,
      countNoShows: true,
      fallbackPools: [],
      rescheduleKeepsHost: true,
    },
    timeZone: 'UTC',
    ownerId: partial.hostIds[0]!,
    meeting: {
      title: 'Intro call',
      durationMinutes: 30,
      slotStepMinutes: 30,
      minNoticeMinutes: 240,
      horizonDays: 14,
      bufferMinutes: 0,
      location: null,
      capsPerHost: { perDay: null, perWeek: null },
    },
    senderName: 'Acme Scheduling',
    forwardTo: null,
    onAuthenticationFailure: 'record',
    faq: [],
    templates: {},
    followUpAfterHours: null,
    llmModel: null,
    limits: { messagesPerConversation: 20, messagesPerSenderPerDay: 10 },
    ...partial,
  };
}
