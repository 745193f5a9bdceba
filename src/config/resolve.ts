/** Turns a validated campaigns.yaml into the resolved Config: absolute paths, filled-in defaults. */
import { dirname } from 'node:path';
import { TEMPLATE_NAMES } from './template-names.js';
import { secret } from './env-references.js';
import { WEBHOOK_EVENTS } from './webhook-events.js';
import { schedulingFor } from './scheduling-rules.js';
import type { EnvSettings } from './overrides.js';
import { toService } from './resolve-service.js';
import { toHost } from './resolve-team.js';
import type { ConfigFile } from './schema/config-file.js';
import { writtenRules } from './schema/scheduling.js';
import type { CampaignConfig, Config, HostConfig, MeetingConfig } from './types.js';

type FileCampaign = ConfigFile['campaigns'][number];

export interface ResolveContext {
  /** Absolute path of the file. */
  configPath: string;
  cwd: string;
  /** Where secrets named in the file are read; checkReferences has vouched for each. */
  env: Record<string, string | undefined>;
  /** Environment-only settings, already validated. */
  settings: EnvSettings;
}

/**
 * Paths written in the file are relative to the file's directory, so a config works wherever the
 * service is started from; the built-in defaults are relative to `cwd`.
 */
export function resolveConfig(file: ConfigFile, context: ResolveContext): Config {
  const baseDir = dirname(context.configPath);
  const hosts = file.team.map((member) => toHost(member, { baseDir, env: context.env }));
  const campaigns = file.campaigns.map((campaign) => toCampaign(campaign, hosts));
  const firstOwner = campaigns[0] ? findHost(hosts, campaigns[0].ownerId) : hosts[0]!;
  return {
    file: context.configPath,
    service: toService(file.service, { ...context, baseDir, defaultPostmaster: firstOwner.email }),
    hosts,
    campaigns,
    integrations: {
      webhooks: file.integrations.webhooks.map((webhook) => ({
        url: webhook.url,
        secret: secret(context.env, webhook.secret_env),
        events: webhook.events ?? WEBHOOK_EVENTS,
      })),
    },
  };
}

/** Sender name defaults to the campaign name: it is what the marketer already calls it. */
function toCampaign(campaign: FileCampaign, hosts: HostConfig[]): CampaignConfig {
  const firstHost = findHost(hosts, campaign.team[0]);
  const { routing, limits } = campaign;
  return {
    address: campaign.address,
    name: campaign.name,
    hostIds: campaign.team,
    routing: {
      mode: routing.mode,
      accountOwners: routing.owners,
      fallbackMode: routing.fallback,
      tiers: routing.tiers,
      fixedHostId: routing.fixed,
      fairnessWindowDays: routing.fairness_window_days,
      countCancelled: routing.count_cancelled,
      countNoShows: routing.count_no_shows,
      fallbackPools: routing.fallback_pools,
      rescheduleKeepsHost: routing.reschedule_keeps_host,
    },
    timeZone: campaign.time_zone ?? firstHost.timeZone,
    ownerId: findHost(hosts, campaign.owner ?? firstHost.id).id,
    senderName: campaign.sender_name ?? campaign.name,
    meeting: toMeeting(campaign.meeting, bookableHosts(hosts, campaign)),
    forwardTo: campaign.forward_to,
    onAuthenticationFailure: campaign.on_authentication_failure,
    faq: campaign.faq,
    templates: writtenTemplates(campaign.templates),
    followUpAfterHours: campaign.follow_up_after_hours,
    offerHoldMinutes: campaign.offer_hold_minutes,
    llmModel: campaign.llm_model,
    limits: {
      messagesPerConversation: limits.messages_per_conversation,
      messagesPerSenderPerDay: limits.messages_per_sender_per_day,
    },
  };
}

function toMeeting(meeting: FileCampaign['meeting'], bookable: HostConfig[]): MeetingConfig {
  const overrides = writtenRules(meeting);
  const rules = bookable.map((host) => schedulingFor(host, { meeting: { overrides } }));
  return {
    title: meeting.title,
    overrides,
    horizonDays: Math.max(...rules.map((r) => r.horizonDays)),
    location: meeting.location,
    capsPerHost: meeting.caps_per_host,
    remindersBeforeMinutes: [...new Set(meeting.reminders)].sort((a, b) => b - a),
  };
}

/** Everyone routing may give the campaign's meetings to: its team, account owners and fallback pools. */
function bookableHosts(hosts: HostConfig[], campaign: FileCampaign): HostConfig[] {
  const { owners, fallback_pools: pools } = campaign.routing;
  const ids = new Set([...campaign.team, ...Object.values(owners), ...pools.flat()]);
  return [...ids].map((id) => findHost(hosts, id));
}

/** Only the templates the campaign rewrites; the rest keep the built-in wording. */
function writtenTemplates(templates: FileCampaign['templates']): Record<string, string> {
  return Object.fromEntries(
    TEMPLATE_NAMES.flatMap((name) => (templates[name] === undefined ? [] : [[name, templates[name]]])),
  );
}

function findHost(hosts: HostConfig[], id: string | undefined): HostConfig {
  const host = hosts.find((candidate) => candidate.id === id);
  // checkReferences rejects unknown ids before a file is resolved.
  if (!host) throw new Error(`internal: campaign refers to unknown host ${String(id)}`);
  return host;
}
