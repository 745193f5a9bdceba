import type { Session } from './session.js';
import type { Bookings } from '../bookings.js';
import { notYet } from './not-yet.js';

export function createPostgresBookings(_session: Session): Bookings {
  return notYet<Bookings>('bookings');
}
