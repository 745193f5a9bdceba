import type { Session } from './session.js';
import type { Outbox } from '../outbox.js';
import { notYet } from './not-yet.js';

export function createPostgresOutbox(_session: Session): Outbox {
  return notYet<Outbox>('outbox');
}
