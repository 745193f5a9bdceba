import type { CampaignConfig, Config } from '../config/types.js';
import type { MeetingChange } from '../pipeline/calendar-effects.js';
import type { Lead } from '../store/leads.js';
import type { WebhookNotice } from './webhooks.js';

/** What each webhook says, in one place: the payloads receivers parse. */

function leadData(lead: Lead) {
  return { id: lead.id, campaign: lead.campaign, email: lead.email, name: lead.name };
}

export function leadCreated(lead: Lead, campaign: CampaignConfig, receivedAt: number): WebhookNotice {
  return { type: 'lead.created', leadId: lead.id, data: { lead: leadData(lead), campaignName: campaign.name, firstMessageAt: new Date(receivedAt).toISOString() } };
}

const MEETING_EVENTS = { booked: 'meeting.booked', moved: 'meeting.rescheduled', cancelled: 'meeting.cancelled' } as const;

export function meetingChanged(config: Config, lead: Lead, change: MeetingChange): WebhookNotice {
  const { meeting } = change;
  return {
    type: MEETING_EVENTS[change.kind],
    leadId: lead.id,
    data: {
      lead: leadData(lead),
      meeting: {
        uid: meeting.uid,
        start: new Date(meeting.start).toISOString(),
        end: new Date(meeting.end).toISOString(),
        hosts: meeting.hostIds.map((id) => {
          const host = config.hosts.find((candidate) => candidate.id === id);
          return { id, name: host?.name ?? id, email: host?.email ?? null };
        }),
        attendees: change.attendees.map((person) => ({ name: person.name, email: person.email })),
        ...(change.kind === 'moved' ? { previousHostIds: change.previousHostIds } : {}),
      },
    },
  };
}

export function handoffCreated(lead: Lead | null, campaign: string, reason: string): WebhookNotice {
  return { type: 'handoff.created', leadId: lead?.id ?? null, data: { ...(lead ? { lead: leadData(lead) } : {}), campaign, reason } };
}

export function outcomeRecorded(input: { leadId: number; campaign: string; bookingUid: string; outcome: string; reason: string | null; recordedBy: string }): WebhookNotice {
  return {
    type: 'outcome.recorded',
    leadId: input.leadId,
    data: { leadId: input.leadId, campaign: input.campaign, meeting: { uid: input.bookingUid }, outcome: input.outcome, reason: input.reason, recordedBy: input.recordedBy },
  };
}
