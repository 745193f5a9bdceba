import { SMTPServer, type SMTPServerSession } from 'smtp-server';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import type { SmtpConfig } from '../../config/types.js';
import type { BodyFileWriter, InboundEnvelope } from '../inbound-envelope.js';
import { createConnectionRate, createSessionsPerIp, smtpError } from './limits.js';
import { AUTH_THROTTLE, createAuthThrottle, type AuthThrottleOptions } from './auth-throttle.js';
import { createCredentialCheck, isLoopback, loadTlsCredentials } from './security.js';
import { receive } from './receive.js';
import { clientKey } from './client-key.js';

export interface ListenerDeps {
  /** The campaign a recipient belongs to (bare or +token address), or null. */
  campaignFor(recipient: string): string | null;
  /**
   * Stores the message durably; resolves only once it is on disk, rejects if it did not get
   * there. Async so that messages finishing together can share a commit (the spool's acceptGrouped).
   */
  accept(envelopes: InboundEnvelope[]): Promise<number[]>;
  /**
   * A body file for a message too large to keep in memory until the end; absent or null keeps
   * every message in memory and in its row (the spool's createBodyFile).
   */
  createBodyFile?(): Promise<BodyFileWriter> | null;
  /** Called after 250, to wake the worker; with the campaigns the message was stored for. */
  accepted(ids: number[], campaigns: string[]): void;
  /** Called for every refusal, by reason (unknown_recipient, too_large, too_many_recipients, ...). */
  refused?(reason: string): void;
  now(): number;
  logger: Logger;
}

export type ListenerOptions = SmtpConfig & {
  /** Name announced in the greeting and EHLO. */
  name: string;
  /** How long close() lets open sessions finish the message they are sending; default 10 s. */
  shutdownGraceMs?: number;
  /** The AUTH delays and lockout; production values unless a test shortens them. */
  authThrottle?: Partial<AuthThrottleOptions>;
};

export interface Listener {
  listen(): Promise<{ host: string; port: number }>;
  /** Stops accepting at once, lets messages in flight finish (up to the grace period), closes. */
  close(): Promise<void>;
  readonly listening: boolean;
}

/** One open client session, as smtp-server keeps it in `server.connections`. */
type Connection = SMTPServer['connections'] extends Set<infer C> ? C : never;

/** What the listener keeps for each session it admitted. */
interface Admitted {
  /** The address it came from, whose per-IP slot it holds until it ends. */
  ip: string;
  authFailures: number;
  deadline: NodeJS.Timeout;
  /** Past its deadline while a message was in flight: it ends once that message is answered. */
  overdue: boolean;
}

const RATE_WINDOW_MS = 60_000;
const DEFAULT_SHUTDOWN_GRACE_MS = 10_000;
// Failed AUTH attempts one session gets before it is dropped; across sessions, the per-IP
// delays and lockout (auth-throttle.ts) bound online password guessing.
const MAX_AUTH_FAILURES = 3;
// RFC 5321 §4.5.3.1.4 allows 512 octets per command; 1000 leaves room for ESMTP parameters and
// AUTH PLAIN. smtp-server enforces it in its stream parser, before any hook, with a fixed
// "421 Error: Command line too long" and a close: the client is dropped, memory stays bounded.
const MAX_COMMAND_LENGTH = 1000;

/**
 * The inbound SMTP edge: accepts mail only for campaign addresses and answers 250 only once
 * the raw message is durably stored. Nothing slow happens before that answer.
 */
export function createListener(deps: ListenerDeps, options: ListenerOptions): Listener {
  // Read before anything listens: a bad certificate is a start-up error, not a failed STARTTLS.
  const tls = options.tls ? loadTlsCredentials(options.tls) : null;
  const offerAuth = options.users.length > 0;
  const credentialsMatch = createCredentialCheck(options.users);
  const rate = createConnectionRate({ limit: options.maxConnectionsPerIpPerMinute, windowMs: RATE_WINDOW_MS });
  const perIp = createSessionsPerIp(options.maxConnectionsPerIp);
  const authThrottle = createAuthThrottle({ ...AUTH_THROTTLE, ...options.authThrottle });
  // Without a configured certificate STARTTLS is not offered at all, so the library's built-in
  // test certificate (whose private key is public) is never presented to anyone.
  const disabledCommands = [...(tls ? [] : ['STARTTLS']), ...(offerAuth ? [] : ['AUTH'])];
  const admitted = new Map<string, Admitted>();
  const receiving = new Set<string>();
  let listening = false;
  let closing: Promise<void> | null = null;

  const server = new SMTPServer({
    name: options.name,
    banner: 'campaign-agent ESMTP',
    size: options.maxMessageBytes,
    ...(tls ?? {}),
    disabledCommands,
    authMethods: ['PLAIN', 'LOGIN'],
    // AUTH is for an MX that forwards to us; prospects' servers deliver without it.
    authOptional: true,
    // With a certificate, credentials only ever travel inside TLS (see onConnect).
    allowInsecureAuth: !tls,
    socketTimeout: options.idleTimeoutSeconds * 1000,
    closeTimeout: options.shutdownGraceMs ?? DEFAULT_SHUTDOWN_GRACE_MS,
    maxCommandLength: MAX_COMMAND_LENGTH,
    // The PTR name is never used (SPF and DMARC work from the IP, HELO and MAIL FROM), and a
    // slow resolver would delay every greeting by up to 1.5 s.
    disableReverseLookup: true,
    logger: false,
    onConnect(session, callback) {
      if (admitted.size >= options.maxConnections) {
        deps.refused?.('too_many_connections');
        return callback(smtpError(421, '4.7.0 Too many connections, try again later'));
      }
      const ip = clientKey(session.remoteAddress);
      // Before the rate: a connection refused here is not one the rate should count.
      if (perIp.full(ip)) {
        deps.refused?.('too_many_connections_per_ip');
        return callback(smtpError(421, '4.7.0 Too many open connections from your address, try again later'));
      }
      if (!rate.admit(ip, deps.now())) {
        deps.refused?.('rate_limited');
        return callback(smtpError(421, '4.7.0 Too many connections from your address, try again later'));
      }
      perIp.opened(ip);
      // Any byte a client sends resets the idle timeout; this bounds a client that drips.
      const deadline = setTimeout(() => sessionOverdue(session.id), options.sessionTimeoutSeconds * 1000).unref();
      admitted.set(session.id, { ip, authFailures: 0, deadline, overdue: false });
      if (offerAuth && !authInClear(session)) session.disabledCommands = [...disabledCommands, 'AUTH'];
      callback();
    },
    onSecure(_socket, session, callback) {
      session.disabledCommands = disabledCommands;
      callback();
    },
    onAuth(auth, session, callback) {
      const ip = clientKey(session.remoteAddress);
      const now = deps.now();
      // Checked before the password: during a lockout even the right one gets no 235, so
      // guessing on cannot tell a hit from a miss.
      if (authThrottle.lockedOut(ip, now)) {
        deps.refused?.('auth_locked_out');
        return callback(null, { responseCode: 454, message: '4.7.0 Too many failed authentication attempts from your address, try again later' });
      }
      if (credentialsMatch(auth.username ?? '', auth.password ?? '')) {
        authThrottle.succeeded(ip);
        return callback(null, { user: auth.username });
      }
      deps.refused?.('auth_failed');
      // onAuth runs only in sessions onConnect admitted.
      const failures = ++admitted.get(session.id)!.authFailures;
      deps.logger.warn({ session: session.id, remoteAddress: session.remoteAddress, username: auth.username }, 'smtp auth failed');
      // smtp-server closes the connection after any 421 it sends.
      const reply = failures >= MAX_AUTH_FAILURES
        ? { responseCode: 421, message: '4.7.0 Too many failed authentication attempts' }
        : { responseCode: 535, message: '5.7.8 Authentication credentials invalid' };
      // A timer, not a wait: the session holds still (its idle timeout paused), everyone else goes on.
      setTimeout(() => callback(null, reply), authThrottle.failed(ip, now));
    },
    onRcptTo(address, session, callback) {
      const listed = session.envelope.rcptTo.some((rcpt) => rcpt.address.toLowerCase() === address.address.toLowerCase());
      // RFC 5321 §4.5.3.1.10: too many recipients is 452, and the client sends the rest later.
      if (!listed && session.envelope.rcptTo.length >= options.maxRecipients) {
        deps.refused?.('too_many_recipients');
        return callback(smtpError(452, '4.5.3 Too many recipients'));
      }
      if (deps.campaignFor(address.address)) return callback();
      deps.refused?.('unknown_recipient');
      callback(smtpError(550, `5.1.1 <${address.address}>: no such campaign address here`));
    },
    onData(stream, session, callback) {
      receiving.add(session.id);
      const deadline = setTimeout(() => {
        end(session.id, 'data_deadline', '4.4.2 Message not received in time, closing connection');
        // Ends the read at once: what came of the message is dropped, its body file removed.
        stream.destroy();
      }, options.dataTimeoutSeconds * 1000).unref();
      // Once the final dot is in, the client waits for us: storing is not its time to spend.
      stream.once('end', () => clearTimeout(deadline));
      receive(stream, session, deps, options.maxMessageBytes)
        .then(
          (message) => callback(null, message),
          (error: Error & { responseCode?: number }) => callback(error),
        )
        .finally(() => {
          clearTimeout(deadline);
          receiving.delete(session.id);
          // The reply above is written synchronously; after it, a draining server lets go.
          if (closing) setImmediate(() => dismissSession(session.id));
          else if (admitted.get(session.id)?.overdue) setImmediate(() => endOverdue(session.id));
        });
    },
    onClose(session) {
      const state = admitted.get(session.id);
      if (!state) return;
      clearTimeout(state.deadline);
      perIp.closed(state.ip);
      admitted.delete(session.id);
    },
  });
  server.on('error', (error) => deps.logger.error({ err: error }, 'smtp server error'));

  /**
   * Without TLS configured, AUTH is offered only to loopback clients (an MX on the same host):
   * credentials must not cross a network in clear. With TLS, only after STARTTLS.
   */
  function authInClear(session: SMTPServerSession): boolean {
    return !tls && isLoopback(session.remoteAddress);
  }

  function dismiss(connection: Connection): void {
    connection.send(421, '4.3.2 Service shutting down, try again later');
  }

  function dismissSession(id: string): void {
    const connection = connectionOf(id);
    if (connection) dismiss(connection);
  }

  function connectionOf(id: string): Connection | undefined {
    for (const connection of server.connections) if (connection.session.id === id) return connection;
    return undefined;
  }

  /** Closes a session with 421, counted under `reason`; smtp-server closes after any 421. */
  function end(id: string, reason: string, message: string): void {
    const connection = connectionOf(id);
    if (!connection) return;
    deps.refused?.(reason);
    deps.logger.info({ session: id, remoteAddress: connection.session.remoteAddress, reason }, 'smtp session cut off');
    connection.send(421, message);
  }

  // A message in flight is left to finish (its DATA has a deadline of its own) and answered.
  function sessionOverdue(id: string): void {
    const state = admitted.get(id);
    if (!state) return;
    if (receiving.has(id)) state.overdue = true;
    else endOverdue(id);
  }

  function endOverdue(id: string): void {
    end(id, 'session_deadline', '4.4.2 Session time limit reached, closing connection');
  }

  function close(): Promise<void> {
    closing ??= new Promise((resolve) => {
      listening = false;
      // The library stops accepting at once, answers any further command with 421, and after
      // closeTimeout (the grace period) ends the sessions still open.
      server.close(() => resolve());
      // Sessions not in the middle of a message have nothing to finish: let them go now.
      for (const connection of server.connections) if (!receiving.has(connection.session.id)) dismiss(connection);
    });
    return closing;
  }

  return {
    get listening() {
      return listening;
    },
    listen: () =>
      new Promise((resolve, reject) => {
        server.server.once('error', reject);
        server.listen(options.port, options.host, () => {
          server.server.off('error', reject);
          listening = true;
          const address = server.server.address() as AddressInfo;
          resolve({ host: address.address, port: address.port });
        });
      }),
    close,
  };
}
