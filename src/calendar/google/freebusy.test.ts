import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeGoogleCalendar, type FakeGoogleCalendar } from '../../../test/support/fake-google-calendar.js';
import { delegated, googleHost, providerFor, serviceAccountKeyFile } from '../../../test/support/google-hosts.js';
import { span, testHost } from '../../../test/support/scenario.js';
import { CalendarError } from '../provider.js';

const WINDOW = span('2026-03-09T00:00:00Z', '2026-03-11T00:00:00Z');
const key = serviceAccountKeyFile();
let fake: FakeGoogleCalendar;

const rep = (id: string) => googleHost(id, delegated(key.keyFile, `${id}@acme.example`));

afterAll(() => key.cleanup());
beforeEach(async () => {
  fake = await startFakeGoogleCalendar();
  fake.tokens.addServiceAccount(key.clientEmail, key.publicKey);
});
afterEach(() => fake.close());

describe('google busy()', () => {
  it('asks freeBusy for the window and returns merged, sorted busy time within it', async () => {
    fake.setBusy('alice@acme.example', [
      { start: '2026-03-10T15:00:00Z', end: '2026-03-10T16:00:00Z' },
      { start: '2026-03-10T09:00:00Z', end: '2026-03-10T10:00:00Z' },
      { start: '2026-03-10T09:30:00Z', end: '2026-03-10T11:00:00Z' },
      { start: '2026-03-12T09:00:00Z', end: '2026-03-12T10:00:00Z' },
    ]);
    const { provider } = providerFor(fake);

    const busy = await provider.busy(rep('alice'), WINDOW);

    expect(busy).toEqual([
      span('2026-03-10T09:00:00Z', '2026-03-10T11:00:00Z'),
      span('2026-03-10T15:00:00Z', '2026-03-10T16:00:00Z'),
    ]);
    const [request, ...others] = fake.apiRequests();
    expect(others).toEqual([]);
    expect(request).toMatchObject({ method: 'POST', path: '/calendar/v3/freeBusy' });
    expect(request?.body).toEqual({
      timeMin: '2026-03-09T00:00:00.000Z',
      timeMax: '2026-03-11T00:00:00.000Z',
      items: [{ id: 'alice@acme.example' }],
    });
  });

  it('reads the calendar afresh on every call', async () => {
    fake.addCalendar('alice@acme.example');
    const { provider } = providerFor(fake);
    expect(await provider.busy(rep('alice'), WINDOW)).toEqual([]);
    fake.setBusy('alice@acme.example', [{ start: '2026-03-10T09:00:00Z', end: '2026-03-10T10:00:00Z' }]);
    expect(await provider.busy(rep('alice'), WINDOW)).toEqual([span('2026-03-10T09:00:00Z', '2026-03-10T10:00:00Z')]);
    expect(fake.apiRequests({ path: '/freeBusy' })).toHaveLength(2);
  });

  it('coalesces concurrent calls for a team into one query and gives each host its own busy time', async () => {
    fake.setBusy('alice@acme.example', [{ start: '2026-03-10T09:00:00Z', end: '2026-03-10T10:00:00Z' }]);
    fake.setBusy('bob@acme.example', [{ start: '2026-03-10T13:00:00Z', end: '2026-03-10T14:00:00Z' }]);
    fake.addCalendar('carol@acme.example');
    const { provider } = providerFor(fake);

    const [alice, bob, carol] = await Promise.all(['alice', 'bob', 'carol'].map((id) => provider.busy(rep(id), WINDOW)));

    expect(alice).toEqual([span('2026-03-10T09:00:00Z', '2026-03-10T10:00:00Z')]);
    expect(bob).toEqual([span('2026-03-10T13:00:00Z', '2026-03-10T14:00:00Z')]);
    expect(carol).toEqual([]);
    const queries = fake.apiRequests({ path: '/freeBusy' });
    expect(queries).toHaveLength(1);
    expect((queries[0]?.body as { items: unknown[] }).items).toEqual([
      { id: 'alice@acme.example' },
      { id: 'bob@acme.example' },
      { id: 'carol@acme.example' },
    ]);
  });

  it('splits 120 calendars into queries of at most 50', async () => {
    const ids = Array.from({ length: 120 }, (_, i) => `rep${i}`);
    ids.forEach((id, i) => {
      const hour = String(i % 24).padStart(2, '0');
      fake.setBusy(`${id}@acme.example`, [{ start: `2026-03-10T${hour}:00:00Z`, end: `2026-03-10T${hour}:30:00Z` }]);
    });
    const { provider } = providerFor(fake);

    const results = await Promise.all(ids.map((id) => provider.busy(rep(id), WINDOW)));

    results.forEach((busy) => expect(busy).toHaveLength(1));
    expect(results[37]?.[0]?.start).toBe(Date.parse('2026-03-10T13:00:00Z'));
    const sizes = fake.apiRequests({ path: '/freeBusy' }).map((r) => (r.body as { items: unknown[] }).items.length);
    expect(sizes.sort((a, b) => b - a)).toEqual([50, 50, 20]);
  });

  it('honours a smaller maxCalendarsPerQuery', async () => {
    const ids = ['a1', 'a2', 'a3', 'a4', 'a5'];
    ids.forEach((id) => fake.addCalendar(`${id}@acme.example`));
    const { provider } = providerFor(fake, { maxCalendarsPerQuery: 2 });
    await Promise.all(ids.map((id) => provider.busy(rep(id), WINDOW)));
    const sizes = fake.apiRequests({ path: '/freeBusy' }).map((r) => (r.body as { items: unknown[] }).items.length);
    expect(sizes.sort()).toEqual([1, 2, 2]);
  });

  it('queries different windows separately', async () => {
    fake.addCalendar('alice@acme.example');
    const { provider } = providerFor(fake);
    const other = span('2026-03-20T00:00:00Z', '2026-03-21T00:00:00Z');
    await Promise.all([provider.busy(rep('alice'), WINDOW), provider.busy(rep('alice'), other)]);
    expect(fake.apiRequests({ path: '/freeBusy' })).toHaveLength(2);
  });

  it('rejects only the host whose calendar Google reports an error for', async () => {
    fake.addCalendar('alice@acme.example');
    const { provider } = providerFor(fake);

    const [alice, ghost] = await Promise.allSettled([provider.busy(rep('alice'), WINDOW), provider.busy(rep('ghost'), WINDOW)]);

    expect(alice).toEqual({ status: 'fulfilled', value: [] });
    expect(ghost.status).toBe('rejected');
    const error = (ghost as PromiseRejectedResult).reason as CalendarError;
    expect(error).toBeInstanceOf(CalendarError);
    expect(error.code).toBe('unreachable');
    expect(error.message).toMatch(/host ghost .*ghost@acme\.example.*notFound/);
  });

  it('asks again as the rep when the shared identity cannot see their free/busy', async () => {
    fake.addCalendar('alice@acme.example');
    fake.setBusy('bob@acme.example', [{ start: '2026-03-10T09:00:00Z', end: '2026-03-10T10:00:00Z' }]);
    fake.hideFreeBusy('bob@acme.example');
    const { provider } = providerFor(fake);

    const [, bob] = await Promise.all([provider.busy(rep('alice'), WINDOW), provider.busy(rep('bob'), WINDOW)]);

    expect(bob).toEqual([span('2026-03-10T09:00:00Z', '2026-03-10T10:00:00Z')]);
    const queries = fake.apiRequests({ path: '/freeBusy' });
    expect(queries.map((q) => (q.body as { items: unknown[] }).items)).toEqual([
      [{ id: 'alice@acme.example' }, { id: 'bob@acme.example' }],
      [{ id: 'bob@acme.example' }],
    ]);
    const bobToken = fake.tokens.issued.find((t) => t.principal === 'bob@acme.example')?.accessToken;
    expect(queries[1]?.headers.authorization).toBe(`Bearer ${bobToken}`);
  });

  it('turns "primary" into the rep address when a service-account batch is shared', async () => {
    fake.addCalendar('alice@acme.example');
    fake.addCalendar('bob@acme.example');
    const { provider } = providerFor(fake);
    const bob = googleHost('bob', delegated(key.keyFile, 'bob@acme.example'), { calendarId: 'primary' });
    await Promise.all([provider.busy(rep('alice'), WINDOW), provider.busy(bob, WINDOW)]);
    expect((fake.apiRequests({ path: '/freeBusy' })[0]?.body as { items: unknown[] }).items).toEqual([
      { id: 'alice@acme.example' },
      { id: 'bob@acme.example' },
    ]);
  });

  it('refuses a host that is not on Google', async () => {
    const { provider } = providerFor(fake);
    await expect(provider.busy(testHost({ id: 'local' }), WINDOW)).rejects.toMatchObject({ code: 'invalid_data' });
  });
});

describe('google busy() failures', () => {
  it('retries 429 and 503 with backoff, honouring Retry-After, then succeeds', async () => {
    fake.setBusy('alice@acme.example', [{ start: '2026-03-10T09:00:00Z', end: '2026-03-10T10:00:00Z' }]);
    fake.failNext({ path: '/freeBusy' }, { status: 429, retryAfter: '7' }, { status: 503 });
    const { provider, sleeps } = providerFor(fake);

    const busy = await provider.busy(rep('alice'), WINDOW);

    expect(busy).toEqual([span('2026-03-10T09:00:00Z', '2026-03-10T10:00:00Z')]);
    expect(sleeps).toEqual([7000, 750]);
    expect(fake.apiRequests({ path: '/freeBusy' })).toHaveLength(3);
  });

  it('retries a 403 rate limit but not a 403 forbidden', async () => {
    fake.addCalendar('alice@acme.example');
    fake.failNext({ path: '/freeBusy' }, { status: 403, reason: 'userRateLimitExceeded' }, { status: 403, reason: 'rateLimitExceeded' });
    const { provider, sleeps } = providerFor(fake);
    await expect(provider.busy(rep('alice'), WINDOW)).resolves.toEqual([]);
    expect(sleeps).toHaveLength(2);

    fake.failNext({ path: '/freeBusy' }, { status: 403, reason: 'forbidden' });
    const error = await provider.busy(rep('alice'), WINDOW).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'unreachable' });
    expect((error as Error).message).toMatch(/host alice.*403 forbidden.*Calendar API is enabled/);
    expect(sleeps).toHaveLength(2);
  });

  it('gives up after four attempts with growing delays and reports the host unreachable', async () => {
    fake.addCalendar('alice@acme.example');
    fake.failNext({ path: '/freeBusy' }, ...Array.from({ length: 4 }, () => ({ status: 503 })));
    const { provider, sleeps } = providerFor(fake);

    const error = await provider.busy(rep('alice'), WINDOW).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(CalendarError);
    expect(error).toMatchObject({ code: 'unreachable' });
    expect((error as Error).message).toMatch(/host alice .*503 backendError/);
    expect(sleeps).toEqual([375, 750, 1500]);
    expect(fake.apiRequests({ path: '/freeBusy' })).toHaveLength(4);
  });

  it('does not wait for a Retry-After longer than 30 seconds', async () => {
    fake.addCalendar('alice@acme.example');
    fake.failNext({ path: '/freeBusy' }, { status: 429, retryAfter: 'Mon, 09 Mar 2026 12:05:00 GMT' });
    const { provider, sleeps } = providerFor(fake);
    await expect(provider.busy(rep('alice'), WINDOW)).rejects.toMatchObject({ code: 'unreachable' });
    expect(sleeps).toEqual([]);
  });

  it('reports a 401 as unreachable with what to check, without retrying', async () => {
    fake.addCalendar('alice@acme.example');
    fake.failNext({ path: '/freeBusy' }, { status: 401 });
    const { provider, sleeps } = providerFor(fake);

    const error = (await provider.busy(rep('alice'), WINDOW).catch((e: unknown) => e)) as CalendarError;

    expect(error.code).toBe('unreachable');
    expect(error.message).toContain('host alice');
    expect(error.message).toContain('401 authError: Invalid Credentials');
    expect(error.message).toContain('domain-wide delegation for https://www.googleapis.com/auth/calendar');
    expect(error.message).toContain(key.keyFile);
    expect(sleeps).toEqual([]);
  });

  it('reports an unreachable API after retrying network failures', async () => {
    const { provider, sleeps } = providerFor(fake);
    fake.addCalendar('alice@acme.example');
    await provider.busy(rep('alice'), WINDOW); // signs in while the fake still answers
    await fake.close();

    await expect(provider.busy(rep('alice'), WINDOW)).rejects.toMatchObject({ code: 'unreachable' });
    expect(sleeps).toHaveLength(3);
  });

  it('rejects a reply that is not a free/busy answer as invalid data', async () => {
    fake.addCalendar('alice@acme.example');
    const garbled = { calendars: { 'alice@acme.example': { busy: [{ start: 'soon' }] } } };
    fake.failNext({ path: '/freeBusy' }, { status: 200, body: garbled });
    const { provider } = providerFor(fake);
    await expect(provider.busy(rep('alice'), WINDOW)).rejects.toMatchObject({ code: 'invalid_data' });
  });
});
