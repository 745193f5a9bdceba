import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { loadConfig } from '../src/config/load.js';
import { INITIAL_STATE } from '../src/core/conversation.js';
import { inspectMessage, type DatabaseAccess } from '../src/pipeline/inspect.js';
import { createConversations } from '../src/store/sqlite/conversations.js';
import { createLeads } from '../src/store/sqlite/leads.js';
import { createTransactions } from '../src/store/sqlite/transactions.js';
import type { Conversations } from '../src/store/conversations.js';
import type { Leads } from '../src/store/leads.js';
import { openSqliteStore } from '../src/store/sqlite/store.js';
import { fixtureResolver } from './support/fixture-dns.js';
import { tempDir } from './support/service.js';

const CAMPAIGN = 'webinar-q3@meet.acme.com';
const NOW = Date.parse('2026-11-20T14:16:00Z');
const fixture = (name: string) => `fixtures/mail/${name}`;

/** A database holding Jane's lead, a conversation with token c4d8m2x7, and the offer we sent her. */
async function databaseWithJane(): Promise<string> {
  const path = join(tempDir(), 'agent.db');
  const store = openSqliteStore(path);
  const { lead } = await store.leads.findOrCreate({ campaign: CAMPAIGN, email: 'jane.doe@example.com', name: 'Jane Doe', receivedAt: NOW });
  const conversation = await store.conversations.create(
    { leadId: lead.id, campaign: CAMPAIGN, token: 'c4d8m2x7', state: INITIAL_STATE, prospectZone: 'America/New_York', subject: 'Demo', language: null },
    NOW,
  );
  await store.outbox.queue(
    {
      campaign: CAMPAIGN,
      conversationId: conversation.id,
      kind: 'reply',
      messageId: '<OFFER_MESSAGE_ID@meet.acme.com>',
      envelopeFrom: CAMPAIGN,
      envelopeTo: ['jane.doe@example.com'],
      subject: 'Re: Demo',
      text: 'offer',
      raw: Buffer.from('offer'),
    },
    NOW,
  );
  await store.close();
  return path;
}

function cli(args: string[], env: Record<string, string>) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'inspect', ...args], {
    env: { ...process.env, LOG_LEVEL: 'silent', ...env },
    encoding: 'utf8',
    timeout: 20_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

describe('inspectMessage', () => {
  const config = () => {
    const result = loadConfig({ file: 'config/campaigns.yaml', env: {}, overrides: { databasePath: join(tempDir(), 'unused.db') } });
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    return result.config;
  };
  const readOnly = (path: string): { database: DatabaseAccess; close(): void } => {
    const db = new Database(path, { readonly: true, fileMustExist: true });
    const transactions = createTransactions(db);
    const lookup = { conversations: transactions.family<Conversations>(createConversations(db)), leads: transactions.family<Leads>(createLeads(db)) };
    return { database: { status: 'open', lookup }, close: () => db.close() };
  };
  const inspect = (file: string, options: { database?: DatabaseAccess; clientIp?: string; mailFrom?: string } = {}) =>
    inspectMessage({
      raw: readFileSync(fixture(file)),
      config: config(),
      connection: { mailFrom: options.mailFrom ?? null, clientIp: options.clientIp ?? null, helo: 'mail.example.com' },
      database: options.database ?? { status: 'no_database', path: 'none.db' },
      resolver: fixtureResolver({
        'example.com': { TXT: ['v=spf1 ip4:192.0.2.0/24 -all'] },
        '_dmarc.example.com': { TXT: ['v=DMARC1; p=reject'] },
        'evil.example': { TXT: ['v=spf1 ip4:203.0.113.66 -all'] },
      }),
    });

  it('finds the conversation by +token, by references, then by the sender, in that order', async () => {
    const { database, close } = readOnly(await databaseWithJane());
    try {
      expect((await inspect('gmail-reply-french.eml', { database })).conversation).toMatchObject({ status: 'found', matchedBy: 'token', leadEmail: 'jane.doe@example.com' });
      expect((await inspect('outlook-reply-pick.eml', { database })).conversation).toMatchObject({ status: 'found', matchedBy: 'references' });
      expect((await inspect('first-contact.eml', { database })).conversation).toMatchObject({ status: 'found', matchedBy: 'sender', state: 'new' });
      expect((await inspect('charset-koi8-r.eml', { database })).conversation).toMatchObject({ status: 'new' });
      expect((await inspect('first-contact-outlook-disclaimer.eml', { database })).campaign).toBe('pricing-page@meet.acme.com');
    } finally {
      close();
    }
  });

  it('authenticates only from the connection facts it is given', async () => {
    expect((await inspect('first-contact.eml')).authentication).toMatchObject({ verdict: 'none', reason: 'not checked: no connection facts' });
    const checked = await inspect('first-contact.eml', { clientIp: '192.0.2.10' });
    expect(checked.envelope).toEqual({ mailFrom: 'jane.doe@example.com', mailFromSource: 'return-path', clientIp: '192.0.2.10', helo: 'mail.example.com' });
    expect(checked.authentication).toMatchObject({ spf: 'pass', dmarc: 'pass', verdict: 'pass' });
    const forged = await inspect('first-contact.eml', { clientIp: '203.0.113.66', mailFrom: 'bounce@evil.example' });
    expect(forged.authentication).toMatchObject({ spf: 'pass', spfDomain: 'evil.example', dmarc: 'fail', verdict: 'fail' });
  });

  it('shows a display name posing as an address, even when the real domain authenticates', async () => {
    const report = await inspect('spoofed-display-name.eml', { clientIp: '203.0.113.66' });
    expect(report.sender).toMatchObject({ address: 'jane.doe@evil.example', name: 'jane.doe@example.com', displayNameLooksLikeAddress: true });
    expect(report.authentication).toMatchObject({ spf: 'pass', fromDomain: 'evil.example', verdict: 'pass' });
  });
});

describe('campaign-agent inspect', () => {
  it('prints how a message is read and says so when there is no database, creating none', () => {
    const database = join(tempDir(), 'missing.db');
    const result = cli([fixture('html-only-hidden-inline-styles.eml')], { DATABASE_PATH: database });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^sender: +mallory@example\.com name "Mallory Moe"$/m);
    expect(result.stdout).toMatch(/^authentication: +not checked: no connection facts \(give --client-ip\)$/m);
    expect(result.stdout).toMatch(/^classification: +human$/m);
    expect(result.stdout).toMatch(/^html only: +yes/m);
    expect(result.stdout).toMatch(new RegExp(`^conversation: +no database \\(${database.replace(/[.\\/]/g, '\\$&')}\\)$`, 'm'));
    expect(result.stdout).toContain('visible text (what the agent understands):\n  | Hi,\n  |\n  | We\'d like a demo. Thursday at 11 works for us.');
    expect(result.stdout).not.toMatch(/ignore previous/i);
    expect(existsSync(database)).toBe(false);
  });

  it('finds the conversation read-only and leaves the database as it was', async () => {
    const database = await databaseWithJane();
    const before = sha(database);
    const text = cli([fixture('apple-mail-reply.eml')], { DATABASE_PATH: database });
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^conversation: +#1 \(matched by token\), lead #1 jane\.doe@example\.com, new$/m);
    const json = cli([fixture('thunderbird-forward-attachment.eml'), '--json', '--mail-from', 'tom.becker@example.org'], { DATABASE_PATH: database });
    expect(json.code).toBe(0);
    const report = JSON.parse(json.stdout) as Record<string, unknown>;
    expect(report).toMatchObject({
      envelope: { mailFrom: 'tom.becker@example.org', mailFromSource: 'flag' },
      classification: { kind: 'human' },
      forward: { forwarded: true, originalFrom: { address: 'jane.doe@example.com' } },
      conversation: { status: 'new' },
    });
    expect(sha(database)).toBe(before);
  });

  it('exits 1 on a file it cannot read or a client IP that is not one', () => {
    const env = { DATABASE_PATH: join(tempDir(), 'none.db') };
    const missing = cli(['fixtures/mail/no-such-file.eml'], env);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/cannot read fixtures\/mail\/no-such-file\.eml/);
    const badIp = cli([fixture('first-contact.eml'), '--client-ip', 'mail.example.com'], env);
    expect(badIp.code).toBe(1);
    expect(badIp.stderr).toMatch(/--client-ip: "mail\.example\.com" is not an IP address/);
  });
});
