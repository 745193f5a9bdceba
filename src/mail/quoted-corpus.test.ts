import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parseMail } from './parse.js';
import { readMessage } from './read-message.js';

/**
 * Replies as mail clients send them (fixtures/quoted/*.eml), read the way the agent reads
 * them: parsed, then reduced to what the person newly wrote. The accuracy it measures is pinned
 * in docs/quoted-text-accuracy.md.
 */
const FIXTURES = new URL('../../fixtures/quoted/', import.meta.url);
const DOC = new URL('../../docs/quoted-text-accuracy.md', import.meta.url);

const CLIENTS = [
  'Gmail', 'Outlook desktop', 'Outlook web', 'Outlook mobile', 'Apple Mail', 'iOS Mail', 'Android',
  'Thunderbird', 'Yahoo', 'Zoho', 'Proton', 'other',
] as const;

const rowSchema = z
  .object({
    file: z.string().regex(/\.eml$/),
    client: z.enum(CLIENTS),
    language: z.string().regex(/^[a-z]{2}$/),
    /**
     * When the case was written: before the first fixes, after them, or after the fixes that the
     * second round called for. Each round's first run is the figure for unseen mail.
     */
    written: z.enum(['before fixes', 'after fixes', 'after second fixes']),
    visibleText: z.string(),
    /** A known miss: what goes wrong. It must keep failing until the mark is removed. */
    miss: z.string().optional(),
  })
  .strict();
type Row = z.infer<typeof rowSchema>;

const rows = z.array(rowSchema).parse(JSON.parse(readFileSync(new URL('expected.json', FIXTURES), 'utf8')));

async function visibleTextOf(row: Row): Promise<string> {
  const raw = readFileSync(new URL(row.file, FIXTURES));
  const envelopeFrom = /^Return-Path:\s*<([^>]*)>/im.exec(raw.toString('latin1'))?.[1] ?? null;
  return readMessage(await parseMail(raw), { envelopeFrom, ownDomains: ['meet.acme.com'] }).visibleText;
}

const results = new Map<string, string>();
async function resultOf(row: Row): Promise<string> {
  if (!results.has(row.file)) results.set(row.file, await visibleTextOf(row));
  return results.get(row.file)!;
}

describe('quoted-text corpus', () => {
  it('has a row for every .eml file: at least 150 cases in at least 15 languages and every major client', () => {
    const files = readdirSync(FIXTURES).filter((file) => file.endsWith('.eml')).sort();
    expect(rows.map((row) => row.file).sort()).toEqual(files);
    expect(files.length).toBeGreaterThanOrEqual(150);
    expect(new Set(rows.map((row) => row.language)).size).toBeGreaterThanOrEqual(15);
    expect(CLIENTS.filter((client) => !rows.some((row) => row.client === client))).toEqual([]);
  });

  it.each(rows.filter((row) => !row.miss))('$file', async (row) => {
    expect(await resultOf(row)).toBe(row.visibleText);
  });

  // A miss that starts passing should lose its mark (and the doc its line).
  it.each(rows.filter((row) => row.miss))('known miss: $file', async (row) => {
    expect(await resultOf(row)).not.toBe(row.visibleText);
  });

  it('never erases a reply: a message with new text never reads as empty', async () => {
    const erased: string[] = [];
    for (const row of rows) if (row.visibleText !== '' && (await resultOf(row)) === '') erased.push(row.file);
    expect(erased).toEqual([]);
  });

  it('keeps the accuracy documented in docs/quoted-text-accuracy.md', async () => {
    const byClient: Table = {};
    const byLanguage: Table = {};
    for (const row of rows) {
      const exact = (await resultOf(row)) === row.visibleText;
      for (const [table, key] of [[byClient, row.client], [byLanguage, row.language], [byClient, 'all'], [byLanguage, 'all']] as const) {
        const cell = (table[key] ??= { cases: 0, exact: 0 });
        cell.cases += 1;
        cell.exact += exact ? 1 : 0;
      }
    }
    console.log(`${render('client', byClient)}\n\n${render('language', byLanguage)}`);
    const documented = documentedTables(readFileSync(DOC, 'utf8'));
    expect(Object.keys(documented.client ?? {}).sort()).toEqual(Object.keys(byClient).sort());
    expect(Object.keys(documented.language ?? {}).sort()).toEqual(Object.keys(byLanguage).sort());
    const below = [...belowFloor(byClient, documented.client!), ...belowFloor(byLanguage, documented.language!)];
    expect(below).toEqual([]);
  });
});

type Table = Record<string, { cases: number; exact: number }>;

function belowFloor(measured: Table, floor: Table): string[] {
  return Object.entries(measured)
    .filter(([key, { cases, exact }]) => exact / cases < floor[key]!.exact / floor[key]!.cases)
    .map(([key, { cases, exact }]) => `${key}: ${exact}/${cases}`);
}

function render(heading: 'client' | 'language', table: Table): string {
  const keys = Object.keys(table).sort((a, b) => (a === 'all' ? 1 : b === 'all' ? -1 : a.localeCompare(b)));
  const lines = keys.map((key) => {
    const { cases, exact } = table[key]!;
    return `| ${key} | ${cases} | ${exact} | ${((100 * exact) / cases).toFixed(1)} % |`;
  });
  return [`| ${heading} | cases | exact | accuracy |`, '|---|---:|---:|---:|', ...lines].join('\n');
}

/** The doc's two tables, `| client | cases | exact | … |` and `| language | … |`, each read up to its end. */
function documentedTables(markdown: string): Partial<Record<'client' | 'language', Table>> {
  const tables: Partial<Record<'client' | 'language', Table>> = {};
  let current: Table | null = null;
  for (const line of markdown.split('\n')) {
    const head = /^\| (client|language) \| cases \| exact \|/.exec(line);
    if (head) {
      current = tables[head[1] as 'client' | 'language'] = {};
      continue;
    }
    const row = /^\| ([^|]+?) \| (\d+) \| (\d+) \|/.exec(line);
    if (row && current) current[row[1]!] = { cases: Number(row[2]), exact: Number(row[3]) };
    else if (!line.startsWith('|')) current = null;
  }
  return tables;
}
