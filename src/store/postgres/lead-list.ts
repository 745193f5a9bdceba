import type { Session } from './session.js';
import type { LeadListStore } from '../lead-list.js';
import { notYet } from './not-yet.js';

export function createPostgresLeadList(_session: Session): LeadListStore {
  return notYet<LeadListStore>('lead-list');
}
