/** A small team and calendars shared by the end-to-end scenarios (test/scenarios). */
import { EMPTY_ICS, hostYaml, icsCalendar, type HostSpec } from './pipeline-harness.js';

/** Monday 16 November 2026, 08:00 UTC (08:00 in London, 03:00 in New York). */
export const MONDAY = '2026-11-16T08:00:00Z';

/** Words only the reps' private calendars hold: no mail may ever show them. */
export const SECRET_TITLES = ['Project Falcon', 'Board: layoffs', 'Dentist (private)'];

export const ALICE: HostSpec = { id: 'alice', name: 'Alice Moreau', email: 'alice@acme.com', zone: 'Europe/London' };
export const BOB: HostSpec = { id: 'bob', name: 'Bob Okafor', email: 'bob@acme.com', zone: 'America/New_York' };
export const CAROL: HostSpec = { id: 'carol', name: 'Carol Diaz', email: 'carol@acme.com', zone: 'Europe/London' };
export const DAN: HostSpec = { id: 'dan', name: 'Dan Ferreira', email: 'dan@acme.com', zone: 'Europe/London' };
export const GINA = 'gina@acme.com';

/** Gina, whose calendar is on Google (OAuth, her refresh token in GINA_GOOGLE_REFRESH_TOKEN); `calendarLines` go under `calendar:`. */
export function ginaOnGoogle(calendarLines = ''): HostSpec {
  return {
    id: 'gina',
    name: 'Gina Rossi',
    email: GINA,
    zone: 'Europe/London',
    ics: null,
    extra: `    calendar:
      provider: google
${calendarLines}      credentials:
        oauth:
          client_id_env: GOOGLE_CLIENT_ID
          client_secret_env: GOOGLE_CLIENT_SECRET
          refresh_token_env: GINA_GOOGLE_REFRESH_TOKEN
`,
  };
}

/** Alice is busy Monday 13:00–15:00 and Tuesday 09:00–12:00 London; Bob Tuesday 10:00–12:00 New York. */
export const CALENDARS: Record<string, string> = {
  'calendars/alice.ics': icsCalendar([
    { start: '2026-11-16T13:00:00Z', end: '2026-11-16T15:00:00Z', summary: 'CONFIDENTIAL Project Falcon review' },
    { start: '2026-11-17T09:00:00Z', end: '2026-11-17T12:00:00Z', summary: 'Board: layoffs' },
  ]),
  'calendars/bob.ics': icsCalendar([{ start: '2026-11-17T15:00:00Z', end: '2026-11-17T17:00:00Z', summary: 'Dentist (private)' }]),
  'calendars/carol.ics': EMPTY_ICS,
  'calendars/dan.ics': EMPTY_ICS,
};

export function teamYaml(hosts: HostSpec[]): string {
  return `team:\n${hosts.map(hostYaml).join('')}`;
}

/** service + team + the campaigns given (YAML list items under `campaigns:`); `service` is more service lines, indented by 2 spaces. */
export function configYaml(hosts: HostSpec[], campaigns: string, service = ''): string {
  return `service:\n  domain: meet.acme.com\n${service}${teamYaml(hosts)}campaigns:\n${campaigns}`;
}

/** The address of the campaign most scenarios write to. */
export const WEBINAR = 'webinar@meet.acme.com';

export interface CampaignSpec {
  /** The team, in order: the campaign's team is all of them. */
  hosts: HostSpec[];
  /** Default: the webinar follow-up campaign. */
  address?: string;
  name?: string;
  /** Default null: no nudges, so a scenario sees only the mail it causes. */
  followUpAfterHours?: number | null;
  /** More lines for the campaign (owner, routing, faq ...), indented by 4 spaces. */
  extra?: string;
  /** More lines for the service (llm ...), indented by 2 spaces. */
  service?: string;
}

/** The whole campaigns.yaml for one campaign in London time, its team the hosts given. */
export function campaignYaml(campaign: CampaignSpec): string {
  const { hosts, address = WEBINAR, name = 'Webinar follow-up', followUpAfterHours = null, extra = '', service } = campaign;
  return configYaml(
    hosts,
    `  - address: ${address}
    name: ${name}
    team: [${hosts.map((host) => host.id).join(', ')}]
    time_zone: Europe/London
    follow_up_after_hours: ${followUpAfterHours}
${extra}`,
    service,
  );
}

export const PROSPECT = 'Jane Doe <jane.doe@acme-customer.com>';
export const PROSPECT_EMAIL = 'jane.doe@acme-customer.com';
