import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeGoogleCalendar, type FakeGoogleCalendar } from '../../../test/support/fake-google-calendar.js';
import { delegated, googleHost, providerFor, serviceAccountKeyFile } from '../../../test/support/google-hosts.js';
import { googleEventId } from './event-body.js';
import { CalendarError, type CalendarEvent } from '../provider.js';

const key = serviceAccountKeyFile();
let fake: FakeGoogleCalendar;

const alice = (conference = false) =>
  googleHost('alice', delegated(key.keyFile, 'alice@acme.example'), { conference }, { timeZone: 'America/New_York' });

const meeting: CalendarEvent = {
  uid: 'b7f3c2a9@meet.acme.example',
  sequence: 0,
  start: Date.parse('2026-03-10T14:00:00Z'),
  end: Date.parse('2026-03-10T14:30:00Z'),
  summary: 'Acme intro call',
  description: 'Jane Doe, from the Q3 webinar campaign',
  location: null,
  organizer: { name: 'Alice Moreau', email: 'alice@acme.example' },
  attendees: [
    { name: 'Jane Doe', email: 'jane.doe@example.com' },
    { name: null, email: 'alice@acme.example' },
  ],
};
const eventId = googleEventId(meeting.uid);

afterAll(() => key.cleanup());
beforeEach(async () => {
  fake = await startFakeGoogleCalendar();
  fake.tokens.addServiceAccount(key.clientEmail, key.publicKey);
  fake.addCalendar('alice@acme.example');
});
afterEach(() => fake.close());

describe('googleEventId', () => {
  it('is stable per uid, distinct across uids, and within Google\'s id alphabet and length', () => {
    expect(googleEventId('a@b')).toBe(googleEventId('a@b'));
    expect(googleEventId('a@b')).not.toBe(googleEventId('a@c'));
    for (const uid of ['x', meeting.uid, 'ü'.repeat(500)]) expect(googleEventId(uid)).toMatch(/^[a-v0-9]{52}$/);
  });
});

describe('google createEvent', () => {
  it('inserts the event with its derived id, attendees, zone and Meet request, and lets Google invite', async () => {
    const { provider } = providerFor(fake);

    await provider.createEvent(alice(true), meeting);

    const [insert, ...others] = fake.apiRequests();
    expect(others).toEqual([]);
    expect(insert).toMatchObject({
      method: 'POST',
      path: '/calendar/v3/calendars/alice@acme.example/events',
      query: { sendUpdates: 'all', conferenceDataVersion: '1' },
    });
    expect(insert?.body).toEqual({
      id: eventId,
      summary: 'Acme intro call',
      description: 'Jane Doe, from the Q3 webinar campaign',
      location: null,
      start: { dateTime: '2026-03-10T10:00:00-04:00', timeZone: 'America/New_York' },
      end: { dateTime: '2026-03-10T10:30:00-04:00', timeZone: 'America/New_York' },
      attendees: [{ email: 'jane.doe@example.com', displayName: 'Jane Doe' }, { email: 'alice@acme.example' }],
      sequence: 0,
      conferenceData: { createRequest: { requestId: eventId, conferenceSolutionKey: { type: 'hangoutsMeet' } } },
    });
    const [stored] = fake.events('alice@acme.example');
    expect(stored).toMatchObject({ id: eventId, organizer: { email: 'alice@acme.example' } });
    expect(stored?.hangoutLink).toMatch(/^https:\/\/meet\.google\.com\//);
  });

  it('asks for no conference when the host has none', async () => {
    const { provider } = providerFor(fake);
    await provider.createEvent(alice(false), meeting);
    const [insert] = fake.apiRequests();
    expect(insert?.query).toEqual({ sendUpdates: 'all' });
    expect(insert?.body).not.toHaveProperty('conferenceData');
  });

  it('treats "already exists" on a retried insert as done, leaving one event', async () => {
    fake.failNext({ method: 'POST', path: '/events' }, { status: 503, afterCommit: true });
    const { provider, sleeps } = providerFor(fake);

    await provider.createEvent(alice(true), meeting);

    const inserts = fake.apiRequests({ method: 'POST', path: '/events' });
    expect(inserts.map((r) => (r.body as { id: string }).id)).toEqual([eventId, eventId]);
    expect(sleeps).toHaveLength(1);
    expect(fake.events('alice@acme.example')).toHaveLength(1);
  });

  it('creates one event when the same booking is written twice', async () => {
    const { provider } = providerFor(fake);
    await provider.createEvent(alice(), meeting);
    await provider.createEvent(alice(), meeting);
    expect(fake.events('alice@acme.example')).toHaveLength(1);
  });

  it('reports a missing calendar as not_found', async () => {
    const { provider } = providerFor(fake);
    const ghost = googleHost('ghost', delegated(key.keyFile, 'ghost@acme.example'));
    const error = (await provider.createEvent(ghost, meeting).catch((e: unknown) => e)) as CalendarError;
    expect(error).toBeInstanceOf(CalendarError);
    expect(error.code).toBe('not_found');
    expect(error.message).toMatch(/creating event .* for host ghost \(calendar ghost@acme\.example\).*calendar_id/);
  });

  it('reports 401 as unreachable without retrying, and a rejected body as invalid data', async () => {
    const { provider, sleeps } = providerFor(fake);
    fake.failNext({ path: '/events' }, { status: 401 }, { status: 400, reason: 'invalid', message: 'Invalid attendee email.' });
    await expect(provider.createEvent(alice(), meeting)).rejects.toMatchObject({ code: 'unreachable' });
    await expect(provider.createEvent(alice(), meeting)).rejects.toMatchObject({
      code: 'invalid_data',
      message: expect.stringContaining('400 invalid: Invalid attendee email'),
    });
    expect(sleeps).toEqual([]);
    expect(fake.events('alice@acme.example')).toEqual([]);
  });

  it('retries server errors and then reports the host unreachable', async () => {
    fake.failNext({ path: '/events' }, ...Array.from({ length: 4 }, () => ({ status: 500 })));
    const { provider, sleeps } = providerFor(fake);
    await expect(provider.createEvent(alice(), meeting)).rejects.toMatchObject({ code: 'unreachable' });
    expect(sleeps).toHaveLength(3);
    expect(fake.apiRequests({ path: '/events' })).toHaveLength(4);
  });
});

describe('google updateEvent and cancelEvent', () => {
  const moved: CalendarEvent = {
    ...meeting,
    sequence: 1,
    start: Date.parse('2026-03-12T18:00:00Z'),
    end: Date.parse('2026-03-12T18:30:00Z'),
    location: 'Room 4',
  };

  it('patches the same event with the bumped sequence and notifies attendees', async () => {
    const { provider } = providerFor(fake);
    await provider.createEvent(alice(true), meeting);

    await provider.updateEvent(alice(true), moved);

    const patch = fake.apiRequests({ method: 'PATCH' });
    expect(patch).toHaveLength(1);
    expect(patch[0]).toMatchObject({
      path: `/calendar/v3/calendars/alice@acme.example/events/${eventId}`,
      query: { sendUpdates: 'all' },
    });
    expect(patch[0]?.body).toMatchObject({
      sequence: 1,
      location: 'Room 4',
      start: { dateTime: '2026-03-12T14:00:00-04:00', timeZone: 'America/New_York' },
    });
    expect(patch[0]?.body).not.toHaveProperty('conferenceData');
    const [stored] = fake.events('alice@acme.example');
    expect(stored).toMatchObject({ sequence: 1, location: 'Room 4', conferenceData: { conferenceId: expect.any(String) } });
  });

  it('reports an event that is no longer there as not_found', async () => {
    const { provider } = providerFor(fake);
    await expect(provider.updateEvent(alice(), moved)).rejects.toMatchObject({ code: 'not_found' });
  });

  it('deletes the event with notifications, and takes 410 or 404 as already cancelled', async () => {
    const { provider } = providerFor(fake);
    await provider.createEvent(alice(), meeting);

    await provider.cancelEvent(alice(), meeting);
    await provider.cancelEvent(alice(), meeting);
    await provider.cancelEvent(alice(), { ...meeting, uid: 'never-booked@meet.acme.example' });

    const deletes = fake.apiRequests({ method: 'DELETE' });
    expect(deletes).toHaveLength(3);
    expect(deletes[0]).toMatchObject({
      path: `/calendar/v3/calendars/alice@acme.example/events/${eventId}`,
      query: { sendUpdates: 'all' },
    });
    expect(fake.events('alice@acme.example')).toMatchObject([{ id: eventId, status: 'cancelled' }]);
  });

  it('still fails a cancellation Google refuses', async () => {
    fake.failNext({ method: 'DELETE' }, { status: 403, reason: 'forbidden' });
    const { provider } = providerFor(fake);
    await expect(provider.cancelEvent(alice(), meeting)).rejects.toMatchObject({ code: 'unreachable' });
  });
});
