import type { Session } from './session.js';
import type { LeadHistoryStore } from '../lead-history.js';
import { notYet } from './not-yet.js';

export function createPostgresLeadHistory(_session: Session): LeadHistoryStore {
  return notYet<LeadHistoryStore>('lead-history');
}
