import { afterEach, describe, expect, it } from 'vitest';
import pino from 'pino';
import { createListener, type Listener } from './listener.js';
import { deliverByDialog } from '../../test/support/smtp-dialog.js';

describe('listener storage failures', () => {
  let listener: Listener | null = null;
  afterEach(async () => {
    await listener?.close();
  });

  it('answers 451, never 250, when the message cannot be stored', async () => {
    let woken = false;
    listener = createListener(
      {
        campaignFor: (recipient) => (recipient.startsWith('webinar') ? 'webinar@meet.acme.com' : null),
        accept: () => {
          throw Object.assign(new Error('SQLITE_FULL: database or disk is full'), { code: 'SQLITE_FULL' });
        },
        accepted: () => {
          woken = true;
        },
        now: Date.now,
        logger: pino({ level: 'silent' }),
      },
      { host: '127.0.0.1', port: 0, maxMessageBytes: 1_000_000, name: 'meet.acme.com' },
    );
    const { port } = await listener.listen();
    const reply = await deliverByDialog({ port, from: 'jane@example.com', to: 'webinar@meet.acme.com', message: 'Subject: hi\r\n\r\nhello' });
    expect(reply).toMatch(/^451 4\.3\.0 /);
    expect(woken).toBe(false);
  });
});
