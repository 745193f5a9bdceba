import { auth } from '@googleapis/calendar';
import type { GoogleCredentials, HostConfig } from '../../config/types.js';
import { CalendarError } from '../provider.js';

/** The OAuth2 client both credential kinds produce (a service-account JWT client is one too). */
export type GoogleAuthClient = InstanceType<typeof auth.OAuth2>;
export type AuthFor = (host: HostConfig) => GoogleAuthClient;

/** Full calendar access: free/busy reads and writing the events the service books. */
export const CALENDAR_SCOPE = 'https://www.googleapis.com/auth/calendar';
/** google-auth-library signs service-account JWTs for, and posts them to, this fixed URL. */
const GOOGLE_TOKEN_URL = 'https://oauth2.googleapis.com/token';
/** Token requests would otherwise wait as long as the socket allows. */
const TOKEN_TIMEOUT_MS = 15_000;

export interface GoogleAuthOptions {
  /** Token endpoint to use instead of Google's (a local fake in tests, or a proxy). */
  tokenUrl?: string;
}

type GoogleCalendarConfig = Extract<HostConfig['calendar'], { provider: 'google' }>;

export function googleCalendarOf(host: HostConfig): GoogleCalendarConfig {
  if (host.calendar.provider !== 'google') {
    throw new CalendarError('invalid_data', `${host.id} has no Google calendar`);
  }
  return host.calendar;
}

/** Identity of a credential set: hosts with equal keys share one auth client and its token. */
export function credentialKey(credentials: GoogleCredentials): string {
  return credentials.kind === 'service_account'
    ? JSON.stringify(['service_account', credentials.keyFile, credentials.subject])
    : JSON.stringify(['oauth', credentials.clientId, credentials.refreshToken]);
}

/**
 * Builds the auth client for a host's credentials, one per credential set, so access tokens are
 * fetched once and refreshed by the library when they expire.
 */
export function createGoogleAuth(options: GoogleAuthOptions = {}): AuthFor {
  const clients = new Map<string, GoogleAuthClient>();
  return (host) => {
    const { credentials } = googleCalendarOf(host);
    const key = credentialKey(credentials);
    let client = clients.get(key);
    if (!client) {
      client = buildClient(credentials, options.tokenUrl);
      clients.set(key, client);
    }
    return client;
  };
}

function buildClient(credentials: GoogleCredentials, tokenUrl: string | undefined): GoogleAuthClient {
  const transporterOptions = { timeout: TOKEN_TIMEOUT_MS };
  if (credentials.kind === 'oauth') {
    const client = new auth.OAuth2({
      clientId: credentials.clientId,
      clientSecret: credentials.clientSecret,
      transporterOptions,
      ...(tokenUrl ? { endpoints: { oauth2TokenUrl: tokenUrl } } : {}),
    });
    client.setCredentials({ refresh_token: credentials.refreshToken });
    return client;
  }
  // Domain-wide delegation: the service account signs a JWT with `sub` = the rep and receives a
  // token that acts as the rep, so events are organised by the rep's own calendar.
  const client = new auth.JWT({
    keyFile: credentials.keyFile,
    subject: credentials.subject,
    scopes: [CALENDAR_SCOPE],
    transporterOptions,
  });
  if (tokenUrl) redirectTokenRequests(client, tokenUrl);
  return client;
}

/**
 * The JWT client has no token-URL option (its token request is hard-wired to Google), so its
 * transporter is taught to send that one request elsewhere; the signed JWT is unchanged.
 */
function redirectTokenRequests(client: GoogleAuthClient, tokenUrl: string): void {
  client.transporter.interceptors.request.add({
    resolved: async (request) => {
      if (request.url.href === GOOGLE_TOKEN_URL) request.url = new URL(tokenUrl);
      return request;
    },
  });
}
