import type { Session } from './session.js';
import type { Conversations } from '../conversations.js';
import { notYet } from './not-yet.js';

export function createPostgresConversations(_session: Session): Conversations {
  return notYet<Conversations>('conversations');
}
