import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeGoogleCalendar, type FakeGoogleCalendar } from '../../../test/support/fake-google-calendar.js';
import { delegated, googleHost, providerFor, serviceAccountKeyFile } from '../../../test/support/google-hosts.js';
import { span } from '../../../test/support/scenario.js';
import type { GoogleCredentials } from '../../config/types.js';
import { CalendarError } from '../provider.js';

const WINDOW = span('2026-03-09T00:00:00Z', '2026-03-11T00:00:00Z');
const key = serviceAccountKeyFile();
const oauth = (refreshToken: string): GoogleCredentials => ({
  kind: 'oauth',
  clientId: '123-abc.apps.googleusercontent.com',
  clientSecret: 'client-secret',
  refreshToken,
});
let fake: FakeGoogleCalendar;

afterAll(() => key.cleanup());
beforeEach(async () => {
  fake = await startFakeGoogleCalendar();
  fake.tokens.addServiceAccount(key.clientEmail, key.publicKey);
  fake.tokens.addOAuthClient('123-abc.apps.googleusercontent.com', 'client-secret');
  fake.addCalendar('alice@acme.example');
  fake.addCalendar('bob@acme.example');
});
afterEach(() => fake.close());

describe('google auth: service account with domain-wide delegation', () => {
  it('signs a JWT for the rep with the calendar scope and sends the token it gets back', async () => {
    const { provider } = providerFor(fake);

    await provider.busy(googleHost('alice', delegated(key.keyFile, 'alice@acme.example')), WINDOW);

    expect(fake.tokens.issued).toHaveLength(1);
    const [token] = fake.tokens.issued;
    expect(token).toMatchObject({ grantType: 'jwt-bearer', principal: 'alice@acme.example' });
    expect(token?.claims).toMatchObject({
      iss: key.clientEmail,
      sub: 'alice@acme.example',
      scope: 'https://www.googleapis.com/auth/calendar',
      aud: 'https://oauth2.googleapis.com/token',
    });
    expect(fake.apiRequests()[0]?.headers.authorization).toBe(`Bearer ${token?.accessToken}`);
  });

  it('keeps one token per rep across calls', async () => {
    const { provider } = providerFor(fake);
    const alice = googleHost('alice', delegated(key.keyFile, 'alice@acme.example'));
    const bob = googleHost('bob', delegated(key.keyFile, 'bob@acme.example'));
    await provider.busy(alice, WINDOW);
    await provider.busy(alice, WINDOW);
    await provider.createEvent(bob, {
      uid: 'u1@meet.acme.example',
      sequence: 0,
      start: Date.parse('2026-03-10T14:00:00Z'),
      end: Date.parse('2026-03-10T14:30:00Z'),
      summary: 'Intro call',
      description: '',
      location: null,
      organizer: { name: 'Bob', email: 'bob@acme.example' },
      attendees: [{ name: 'Jane', email: 'jane@example.com' }],
    });
    expect(fake.tokens.issued.map((t) => t.principal)).toEqual(['alice@acme.example', 'bob@acme.example']);
    const insert = fake.apiRequests({ method: 'POST', path: '/events' })[0];
    expect(insert?.headers.authorization).toBe(`Bearer ${fake.tokens.issued[1]?.accessToken}`);
  });

  it('names domain-wide delegation when the admin has not authorised the service account', async () => {
    await fake.close();
    fake = await startFakeGoogleCalendar();
    fake.tokens.addServiceAccount(key.clientEmail, key.publicKey, { delegation: false });
    const { provider } = providerFor(fake);

    const error = (await provider
      .busy(googleHost('alice', delegated(key.keyFile, 'alice@acme.example')), WINDOW)
      .catch((e: unknown) => e)) as CalendarError;

    expect(error).toBeInstanceOf(CalendarError);
    expect(error.code).toBe('unreachable');
    expect(error.message).toContain('host alice');
    expect(error.message).toContain('unauthorized_client');
    expect(error.message).toContain('domain-wide delegation');
    expect(fake.apiRequests()).toEqual([]);
  });

  it('names the key file when it cannot be read', async () => {
    const { provider, sleeps } = providerFor(fake);
    const error = (await provider
      .busy(googleHost('alice', delegated('/nonexistent/key.json', 'alice@acme.example')), WINDOW)
      .catch((e: unknown) => e)) as CalendarError;
    expect(error.code).toBe('unreachable');
    expect(error.message).toContain('/nonexistent/key.json');
    expect(sleeps).toEqual([]);
  });
});

describe('google auth: per-rep OAuth refresh token', () => {
  it('exchanges the refresh token at the token endpoint and sends the access token', async () => {
    fake.tokens.addRefreshToken('1//alice-refresh', 'alice@acme.example');
    const { provider } = providerFor(fake);

    await provider.busy(googleHost('alice', oauth('1//alice-refresh')), WINDOW);

    const tokenRequest = fake.requests.find((r) => r.path === '/token');
    expect(tokenRequest?.body).toMatchObject({
      grant_type: 'refresh_token',
      refresh_token: '1//alice-refresh',
      client_id: '123-abc.apps.googleusercontent.com',
      client_secret: 'client-secret',
    });
    const [token] = fake.tokens.issued;
    expect(token).toMatchObject({ grantType: 'refresh_token', principal: 'alice@acme.example' });
    expect(fake.apiRequests()[0]?.headers.authorization).toBe(`Bearer ${token?.accessToken}`);
  });

  it('shares one query and one token between hosts on the same OAuth grant', async () => {
    fake.tokens.addRefreshToken('1//assistant', 'assistant@acme.example');
    const { provider } = providerFor(fake);
    await Promise.all([
      provider.busy(googleHost('alice', oauth('1//assistant')), WINDOW),
      provider.busy(googleHost('bob', oauth('1//assistant')), WINDOW),
    ]);
    expect(fake.tokens.issued).toHaveLength(1);
    expect(fake.apiRequests({ path: '/freeBusy' })).toHaveLength(1);
  });

  it('asks for a new consent when the refresh token was revoked', async () => {
    const { provider } = providerFor(fake);
    const error = (await provider
      .busy(googleHost('alice', oauth('1//revoked')), WINDOW)
      .catch((e: unknown) => e)) as CalendarError;
    expect(error.code).toBe('unreachable');
    expect(error.message).toContain('host alice');
    expect(error.message).toContain('invalid_grant: Token has been expired or revoked');
    expect(error.message).toContain('refresh token');
  });
});
