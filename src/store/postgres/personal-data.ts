import type { Session } from './session.js';
import type { PersonalData } from '../personal-data.js';
import { notYet } from './not-yet.js';

export function createPostgresPersonalData(_session: Session): PersonalData {
  return notYet<PersonalData>('personal-data');
}
