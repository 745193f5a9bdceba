import type { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { inspectMessage, type DatabaseAccess, type InspectReport } from '../pipeline/inspect.js';
import { MailParseError } from '../mail/parse.js';
import { openStoreReadOnly, type StoreLocation } from '../store/open.js';
import { CliError, EXIT_INVALID, type CommandContext } from './context.js';

export function registerInspect(program: Command, context: CommandContext): void {
  program
    .command('inspect')
    .argument('<file>', 'an .eml file')
    .description('show how a message is read, without acting on it: sender, authentication, classification, thread, visible text')
    .option('--mail-from <address>', 'SMTP MAIL FROM it arrived with (default: its Return-Path header)')
    .option('--client-ip <ip>', 'the connecting client; authentication is only checked when given')
    .option('--helo <name>', 'the client HELO/EHLO name')
    .option('--database <file>', 'SQLite database file, opened read-only (env DATABASE_PATH)')
    .option('--json', 'print JSON instead of text')
    .action(async (file: string, options) => {
      const config = context.configure({ databasePath: options.database });
      if (options.clientIp !== undefined && isIP(options.clientIp) === 0) {
        throw new CliError(`--client-ip: "${options.clientIp}" is not an IP address`, EXIT_INVALID);
      }
      let raw: Buffer;
      try {
        raw = readFileSync(file);
      } catch (error) {
        throw new CliError(`cannot read ${file}: ${(error as Error).message}`, EXIT_INVALID);
      }
      const database = await openReadOnly(config.service);
      try {
        const report = await inspectMessage({
          raw,
          config,
          connection: { mailFrom: options.mailFrom ?? null, clientIp: options.clientIp ?? null, helo: options.helo ?? null },
          database: database.access,
        });
        console.log(options.json ? JSON.stringify(report, null, 2) : formatReport(file, report));
      } catch (error) {
        if (error instanceof MailParseError) throw new CliError(`${file}: ${error.message}`, EXIT_INVALID);
        throw error;
      } finally {
        await database.close();
      }
    });
}

/** The pipeline's thread lookup over the database, opened read-only when it exists. */
async function openReadOnly(location: StoreLocation): Promise<{ access: DatabaseAccess; close(): Promise<void> }> {
  const opening = await openStoreReadOnly(location);
  if (opening.status !== 'open') return { access: opening, close: async () => {} };
  const { store } = opening;
  return { access: { status: 'open', lookup: store }, close: () => store.close() };
}

function formatReport(file: string, report: InspectReport): string {
  const { sender, envelope, authentication: auth, classification, forward, conversation } = report;
  const lines: Array<[string, string]> = [
    ['file', file],
    ['message-id', report.messageId ?? '(none)'],
    ['subject', report.subject || '(none)'],
    ['sender', senderLine(sender)],
    ['envelope', envelopeLine(envelope)],
    [
      'authentication',
      auth.reason.startsWith('not checked')
        ? `${auth.reason}${envelope.clientIp === null ? ' (give --client-ip)' : ''}`
        : `${auth.verdict} (spf=${auth.spf}, dkim=${auth.dkim}, dmarc=${auth.dmarc}${auth.aligned ? ', aligned' : ''}): ${auth.reason}`,
    ],
    ['classification', classification.kind === 'human' ? 'human' : `${classification.kind} (${classification.reason})`],
    ['forward', forwardLine(forward)],
    ['html only', report.htmlOnly ? 'yes: text read from the HTML, hidden parts dropped' : 'no'],
    ['campaign', report.campaign ?? '(none among To/Cc)'],
    ['conversation', conversationLine(conversation)],
  ];
  const width = Math.max(...lines.map(([label]) => label.length)) + 2;
  const body = lines.map(([label, value]) => `${`${label}:`.padEnd(width)}${value}`);
  const text = report.visibleText === '' ? ['  (no new text)'] : report.visibleText.split('\n').map((line) => `  |${line === '' ? '' : ` ${line}`}`);
  return [...body, '', 'visible text (what the agent understands):', ...text].join('\n');
}

function senderLine(sender: InspectReport['sender']): string {
  const who = sender.address === null ? `(no usable address: ${sender.problem})` : sender.address;
  const name = sender.name === null ? '' : ` name "${sender.name}"`;
  const warning = sender.displayNameLooksLikeAddress ? ' (warning: the display name poses as another address)' : '';
  return `${who}${name}${warning}`;
}

function envelopeLine(envelope: InspectReport['envelope']): string {
  const from =
    envelope.mailFrom === null ? 'MAIL FROM unknown' : `MAIL FROM <${envelope.mailFrom}>${envelope.mailFromSource === 'return-path' ? ' (from Return-Path)' : ''}`;
  return `${from}, client IP ${envelope.clientIp ?? '-'}, HELO ${envelope.helo ?? '-'}`;
}

function forwardLine(forward: InspectReport['forward']): string {
  if (!forward.forwarded) return 'no';
  const from = forward.originalFrom ? forward.originalFrom.address : 'unknown sender';
  return `yes: original from ${from}, subject "${forward.originalSubject}"${forward.originalMessageId ? `, ${forward.originalMessageId}` : ''}`;
}

function conversationLine(finding: InspectReport['conversation']): string {
  switch (finding.status) {
    case 'found':
      return `#${finding.conversationId} (matched by ${finding.matchedBy}), lead #${finding.leadId} ${finding.leadEmail}, ${finding.state}`;
    case 'new':
    case 'not_applicable':
      return finding.reason;
    case 'no_database':
      return `no database (${finding.path})`;
    case 'unreadable':
      return `database not readable (${finding.path}): ${finding.error}`;
  }
}
