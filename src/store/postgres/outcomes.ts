import type { Session } from './session.js';
import type { Outcomes } from '../outcomes.js';
import { notYet } from './not-yet.js';

export function createPostgresOutcomes(_session: Session): Outcomes {
  return notYet<Outcomes>('outcomes');
}
