import pino, { type Logger } from 'pino';

/** JSON lines on stderr, one event per line; LOG_LEVEL sets how much. */
export function createLogger(): Logger {
  return pino({ level: process.env.LOG_LEVEL ?? 'info', base: { service: 'campaign-agent' } }, pino.destination(2));
}
