import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPrompts, renderPrompt } from './prompts.js';

function promptDir(understand: string, phrase: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'prompts-'));
  writeFileSync(join(dir, 'understand.md'), understand);
  writeFileSync(join(dir, 'phrase.md'), phrase);
  return dir;
}

const UNDERSTAND = '{{campaign}} {{now}} {{zone}} {{offered}} {{booked}}';

describe('prompts', () => {
  it('loads the shipped prompt files', () => {
    const prompts = loadPrompts();
    expect(prompts.understand).toContain('{{offered}}');
    expect(prompts.phrase).toContain('{{language}}');
  });

  it('fills placeholders once, leaving braces inside values alone', () => {
    const prompts = loadPrompts(promptDir(UNDERSTAND, '{{campaign}} in {{language}}'));
    expect(renderPrompt(prompts, 'phrase', { campaign: 'Say {{language}}', language: 'fr' })).toBe('Say {{language}} in fr');
  });

  it.each([
    ['a missing placeholder', '{{campaign}} {{now}} {{zone}} {{offered}}', /missing: booked/],
    ['an unknown placeholder', `${UNDERSTAND} {{mail}}`, /unknown: mail/],
  ])('refuses a prompt file with %s, naming the file', (_name, understand, message) => {
    const dir = promptDir(understand, '{{campaign}} {{language}}');
    expect(() => loadPrompts(dir)).toThrow(message);
    expect(() => loadPrompts(dir)).toThrow(join(dir, 'understand.md'));
  });
});
