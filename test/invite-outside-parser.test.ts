import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { buildInvite } from '../src/calendar/invite.js';

/** Debian's python3-icalendar is an outside parser: it never saw our code. */
const PYTHON = '/usr/bin/python3';
const available = spawnSync(PYTHON, ['-c', 'import icalendar'], { encoding: 'utf8' }).status === 0;

const READ_BACK = `
import icalendar, json, sys
cal = icalendar.Calendar.from_ical(sys.stdin.read())
event = next(c for c in cal.walk() if c.name == 'VEVENT')
attendees = event.get('attendee')
attendees = attendees if isinstance(attendees, list) else [attendees]
print(json.dumps({
  'method': str(cal.get('method')),
  'uid': str(event.get('uid')),
  'sequence': int(event.get('sequence')),
  'start': event.decoded('dtstart').isoformat(),
  'end': event.decoded('dtend').isoformat(),
  'organizer': str(event.get('organizer')),
  'attendees': sorted(str(a) for a in attendees),
  'rsvp': sorted(str(a.params.get('RSVP')) for a in attendees),
  'status': str(event.get('status')),
  'description': str(event.get('description')),
}))
`;

describe.skipIf(!available)('invitations read by python3-icalendar', () => {
  it.each(['REQUEST', 'CANCEL'] as const)('%s parses with every property intact', (method) => {
    const ics = buildInvite({
      method,
      timeZone: 'America/New_York',
      event: {
        uid: 'abc123@meet.acme.com',
        sequence: method === 'CANCEL' ? 1 : 0,
        start: Date.parse('2026-11-24T15:00:00Z'),
        end: Date.parse('2026-11-24T15:30:00Z'),
        summary: 'Acme intro call: Jane Doe and Alice Moreau',
        description: 'Booked by email; reply to change it.\nSecond line, with commas; and semicolons.',
        location: null,
        organizer: { name: 'Alice Moreau', email: 'alice@acme.com' },
        attendees: [
          { name: 'Jane Doe', email: 'jane.doe@example.com' },
          { name: 'Alice Moreau', email: 'alice@acme.com' },
        ],
      },
    });
    const result = spawnSync(PYTHON, ['-c', READ_BACK], { input: ics, encoding: 'utf8' });
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout)).toEqual({
      method,
      uid: 'abc123@meet.acme.com',
      sequence: method === 'CANCEL' ? 1 : 0,
      start: '2026-11-24T15:00:00+00:00',
      end: '2026-11-24T15:30:00+00:00',
      organizer: 'mailto:alice@acme.com',
      attendees: ['mailto:alice@acme.com', 'mailto:jane.doe@example.com'],
      rsvp: ['TRUE', 'TRUE'],
      status: method === 'CANCEL' ? 'CANCELLED' : 'CONFIRMED',
      description: 'Booked by email; reply to change it.\nSecond line, with commas; and semicolons.',
    });
  });
});
