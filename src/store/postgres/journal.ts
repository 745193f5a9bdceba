import type { Session } from './session.js';
import type { Journal } from '../journal.js';
import { notYet } from './not-yet.js';

export function createPostgresJournal(_session: Session): Journal {
  return notYet<Journal>('journal');
}
