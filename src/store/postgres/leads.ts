import type { Session } from './session.js';
import type { Leads } from '../leads.js';
import { notYet } from './not-yet.js';

export function createPostgresLeads(_session: Session): Leads {
  return notYet<Leads>('leads');
}
