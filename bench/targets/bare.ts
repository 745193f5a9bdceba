/**
 * The upper bound: smtp-server with the service's listener settings, reading every byte of DATA
 * and storing nothing.
 */
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { memorySnapshot, serveRequests } from './ipc.js';

const server = new SMTPServer({
  name: 'bench.localhost',
  size: 50 * 1024 * 1024,
  disabledCommands: ['STARTTLS', 'AUTH'],
  authOptional: true,
  disableReverseLookup: true,
  logger: false,
  onData(stream, _session, callback) {
    stream.on('data', () => undefined);
    stream.on('end', () => callback());
  },
});

server.listen(0, '127.0.0.1', () => {
  serveRequests({
    memory: memorySnapshot,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  });
  process.send!({ ready: true, smtpPort: (server.server.address() as AddressInfo).port });
});
