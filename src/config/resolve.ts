/** Turns a validated campaigns.yaml into the resolved Config: absolute paths, filled-in defaults. */
import { dirname, join, resolve } from 'node:path';
import type { ConfigFile } from './schema.js';
import type { CampaignConfig, Config, HostConfig, ServiceConfig } from './types.js';

const DEFAULT_DATABASE_PATH = './data/campaign-agent.db';

/** Unless the file names one, the outbox sits beside the database: one data folder to mount. */
export function defaultOutboxDir(databasePath: string): string {
  return join(dirname(databasePath), 'outbox');
}

type FileService = ConfigFile['service'];
type FileMember = ConfigFile['team'][number];
type FileCampaign = ConfigFile['campaigns'][number];

/**
 * Paths written in the file are relative to the file's directory, so a config works wherever the
 * service is started from; the built-in defaults are relative to `cwd`.
 */
export function resolveConfig(file: ConfigFile, configPath: string, cwd: string): Config {
  const baseDir = dirname(configPath);
  const hosts = file.team.map((member) => toHost(member, baseDir));
  return {
    file: configPath,
    service: toService(file.service, baseDir, cwd),
    hosts,
    campaigns: file.campaigns.map((campaign) => toCampaign(campaign, hosts)),
  };
}

function toService(service: FileService, baseDir: string, cwd: string): ServiceConfig {
  const path = (written: string | undefined, fallback: string) =>
    written === undefined ? resolve(cwd, fallback) : resolve(baseDir, written);
  const databasePath = path(service.database, DEFAULT_DATABASE_PATH);
  return {
    domain: service.domain.toLowerCase(),
    smtp: {
      host: service.smtp.host,
      port: service.smtp.port,
      maxMessageBytes: service.smtp.max_message_bytes,
    },
    http: { host: service.http.host, port: service.http.port },
    databasePath,
    outboxDir: service.outbox_dir === undefined ? defaultOutboxDir(databasePath) : resolve(baseDir, service.outbox_dir),
    outboundSmtpUrl: service.outbound_smtp_url ?? null,
  };
}

function toHost(member: FileMember, baseDir: string): HostConfig {
  return {
    id: member.id,
    name: member.name,
    email: member.email,
    timeZone: member.time_zone,
    workingHours: member.working_hours,
    calendar: {
      provider: member.calendar.provider,
      icsFiles: member.calendar.ics.map((file) => resolve(baseDir, file)),
    },
  };
}

/** Sender name defaults to the campaign name: it is what the marketer already calls it. */
function toCampaign(campaign: FileCampaign, hosts: HostConfig[]): CampaignConfig {
  const firstHost = findHost(hosts, campaign.team[0]);
  const { meeting } = campaign;
  return {
    address: campaign.address,
    name: campaign.name,
    hostIds: campaign.team,
    routing: campaign.routing,
    timeZone: campaign.time_zone ?? firstHost.timeZone,
    ownerId: findHost(hosts, campaign.owner ?? firstHost.id).id,
    senderName: campaign.sender_name ?? campaign.name,
    meeting: {
      title: meeting.title,
      durationMinutes: meeting.duration_minutes,
      slotStepMinutes: meeting.slot_step_minutes,
      minNoticeMinutes: Math.round(meeting.min_notice_hours * 60),
      horizonDays: meeting.horizon_days,
      bufferMinutes: meeting.buffer_minutes,
      location: meeting.location,
    },
  };
}

function findHost(hosts: HostConfig[], id: string | undefined): HostConfig {
  const host = hosts.find((candidate) => candidate.id === id);
  // checkReferences rejects unknown ids before a file is resolved.
  if (!host) throw new Error(`internal: campaign refers to unknown host ${String(id)}`);
  return host;
}
