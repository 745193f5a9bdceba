import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** prompts/ sits at the package root, three levels above both src/agent/llm and dist/agent/llm. */
const PROMPTS_DIR = fileURLToPath(new URL('../../../prompts/', import.meta.url));

/**
 * The placeholders each prompt file must use, exactly. Prompts hold trusted context only
 * (campaign, clock, zone, offers); mail text never goes into them but into data blocks.
 */
const PLACEHOLDERS = {
  understand: ['campaign', 'now', 'zone', 'offered', 'booked'],
  phrase: ['campaign', 'language'],
} as const;

export type PromptName = keyof typeof PLACEHOLDERS;
export type Prompts = Record<PromptName, string>;
export type PromptValues<N extends PromptName> = Record<(typeof PLACEHOLDERS)[N][number], string>;

const PLACEHOLDER_RE = /\{\{(\w+)\}\}/g;

/**
 * Reads every prompt once, at start, and checks its placeholders, so a broken prompt file
 * stops the service from starting instead of failing the first message.
 */
export function loadPrompts(dir: string = PROMPTS_DIR): Prompts {
  const load = (name: PromptName): string => {
    const file = join(dir, `${name}.md`);
    const text = readFileSync(file, 'utf8');
    const used = new Set([...text.matchAll(PLACEHOLDER_RE)].map((match) => match[1]!));
    const expected = new Set<string>(PLACEHOLDERS[name]);
    const unknown = [...used].filter((key) => !expected.has(key));
    const missing = [...expected].filter((key) => !used.has(key));
    if (unknown.length > 0 || missing.length > 0) {
      throw new Error(
        `${file}: placeholders do not match (unknown: ${unknown.join(', ') || 'none'}; missing: ${missing.join(', ') || 'none'})`,
      );
    }
    return text;
  };
  return { understand: load('understand'), phrase: load('phrase') };
}

/** Fills a prompt in one pass, so a value that happens to contain "{{x}}" is left as it is. */
export function renderPrompt<N extends PromptName>(prompts: Prompts, name: N, values: PromptValues<N>): string {
  const lookup: Record<string, string> = values;
  return prompts[name].replace(PLACEHOLDER_RE, (_match, key: string) => lookup[key]!);
}
