import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CalendarConfig, GoogleCredentials, HostConfig } from '../../src/config/types.js';
import { createGoogleCalendar, type GoogleCalendarOptions } from '../../src/calendar/google/calendar.js';
import type { FakeGoogleCalendar } from './fake-google-calendar.js';
import { testHost } from './scenario.js';

export const SERVICE_ACCOUNT = 'scheduler@acme-calendar.iam.gserviceaccount.com';

/**
 * A throwaway service-account key file in the layout Google issues, and the public half for the
 * fake token endpoint to check signatures with. Remove the folder with `cleanup`.
 */
export function serviceAccountKeyFile(clientEmail = SERVICE_ACCOUNT) {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const dir = mkdtempSync(join(tmpdir(), 'google-sa-'));
  const keyFile = join(dir, 'service-account.json');
  writeFileSync(
    keyFile,
    JSON.stringify({
      type: 'service_account',
      project_id: 'acme-calendar',
      private_key_id: 'test-key-1',
      private_key: privateKey.export({ type: 'pkcs8', format: 'pem' }),
      client_email: clientEmail,
      client_id: '100000000000000000001',
      token_uri: 'https://oauth2.googleapis.com/token',
    }),
  );
  return {
    keyFile,
    clientEmail,
    publicKey: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** A rep on Google Calendar; the calendar id is their email unless given. */
export function googleHost(
  id: string,
  credentials: GoogleCredentials,
  calendar: Partial<Extract<CalendarConfig, { provider: 'google' }>> = {},
  partial: Partial<HostConfig> = {},
): HostConfig {
  const email = `${id}@acme.example`;
  return testHost({
    id,
    email,
    calendar: { provider: 'google', calendarId: email, conference: false, writeHolds: false, credentials, ...calendar },
    ...partial,
  });
}

export function delegated(keyFile: string, subject: string): GoogleCredentials {
  return { kind: 'service_account', keyFile, subject };
}

/**
 * The provider under test pointed at the fake, with a sleep that only records (tests never wait
 * on the clock) and fixed jitter.
 */
export function providerFor(fake: FakeGoogleCalendar, options: Partial<GoogleCalendarOptions> = {}) {
  const sleeps: number[] = [];
  const provider = createGoogleCalendar({
    rootUrl: fake.rootUrl,
    tokenUrl: fake.tokenUrl,
    now: () => Date.parse('2026-03-09T12:00:00Z'),
    random: () => 0.5,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    ...options,
  });
  return { provider, sleeps };
}
