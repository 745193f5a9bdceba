import type { Session } from './session.js';
import type { Suppressions } from '../suppressions.js';
import { notYet } from './not-yet.js';

export function createPostgresSuppressions(_session: Session): Suppressions {
  return notYet<Suppressions>('suppressions');
}
