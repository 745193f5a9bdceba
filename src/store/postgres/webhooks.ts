import type { Session } from './session.js';
import type { Webhooks } from '../webhooks.js';
import { notYet } from './not-yet.js';

export function createPostgresWebhooks(_session: Session): Webhooks {
  return notYet<Webhooks>('webhooks');
}
