import type { Session } from './session.js';
import type { Holds } from '../holds.js';
import { notYet } from './not-yet.js';

export function createPostgresHolds(_session: Session): Holds {
  return notYet<Holds>('holds');
}
