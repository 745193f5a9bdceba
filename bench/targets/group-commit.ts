/**
 * The group-commit prototype behind an SMTP listener with the service's settings, storing into
 * the real spool (src/store) of a temp database, with the same per-message log line as the
 * service. No worker: compare it with the service's store-only run (`serve --no-worker`).
 */
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import pino from 'pino';
import { SMTPServer } from 'smtp-server';
import { openStore } from '../../src/store/store.js';
import { createGroupCommit } from '../prototypes/group-commit.js';
import { memorySnapshot, serveRequests, targetOptions } from './ipc.js';

const options = targetOptions<{ dir: string }>();
const store = openStore(join(options.dir, 'bench.db'));
const logger = pino({ level: 'info' }, pino.destination({ dest: join(options.dir, 'service.log'), sync: true }));
const accept = createGroupCommit(store.db, store.spool.accept);

const server = new SMTPServer({
  name: 'bench.localhost',
  size: 10 * 1024 * 1024,
  disabledCommands: ['STARTTLS', 'AUTH'],
  authOptional: true,
  disableReverseLookup: true,
  logger: false,
  onData(stream, session, callback) {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => {
      const raw = Buffer.concat(chunks);
      const envelope = {
        campaign: 'webinar-q3@meet.acme.com',
        envelopeFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : null,
        envelopeTo: session.envelope.rcptTo.map((rcpt) => rcpt.address),
        remoteAddress: session.remoteAddress,
        helo: session.hostNameAppearsAs,
        raw,
        receivedAt: Date.now(),
      };
      accept([envelope]).then(
        (ids) => {
          logger.info({ session: session.id, messages: ids, size: raw.length }, 'message accepted');
          callback(null, `2.0.0 Queued as ${ids.join(',')}`);
        },
        () => callback(Object.assign(new Error('4.3.0 Temporary storage failure'), { responseCode: 451 })),
      );
    });
  },
});

server.listen(0, '127.0.0.1', () => {
  serveRequests({
    memory: memorySnapshot,
    counts: () => ({ stored: store.db.prepare(`SELECT count(*) FROM messages WHERE direction = 'in'`).pluck().get() as number }),
    stop: () =>
      new Promise<void>((resolve) =>
        server.close(() => {
          store.close();
          resolve();
        }),
      ),
  });
  process.send!({ ready: true, smtpPort: (server.server.address() as AddressInfo).port });
});
