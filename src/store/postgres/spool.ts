import type { Session } from './session.js';
import type { Spool } from '../spool.js';
import { notYet } from './not-yet.js';

export function createPostgresSpool(_session: Session): Spool {
  return notYet<Spool>('spool');
}
