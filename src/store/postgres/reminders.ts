import type { Session } from './session.js';
import type { Reminders } from '../reminders.js';
import { notYet } from './not-yet.js';

export function createPostgresReminders(_session: Session): Reminders {
  return notYet<Reminders>('reminders');
}
