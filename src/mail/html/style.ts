/**
 * The CSS a mail body can use to hide text from its reader while a program still reads it:
 * inline styles, `<style>` rules on tags, classes and ids, and presentational attributes.
 * Only what decides visibility is modelled. Where the real cascade is uncertain (selector
 * specificity, descendant combinators) the choice that hides more wins: dropping a line a
 * person could see costs little, reading one they could not see is the attack.
 */

export interface Declaration {
  value: string;
  important: boolean;
}

export type Declarations = Map<string, Declaration>;

interface Rule {
  tag: string | null;
  id: string | null;
  classes: string[];
  declarations: Declarations;
}

export interface StyleSheet {
  /** Rules indexed by the most specific part of their selector: `#id`, `.class` or the tag. */
  byKey: Map<string, Rule[]>;
}

/** `color: red; display: none !important` → declarations, the last of each property winning. */
function parseDeclarations(style: string): Declarations {
  const declarations: Declarations = new Map();
  for (const part of stripComments(style).split(';')) {
    const colon = part.indexOf(':');
    if (colon <= 0) continue;
    const property = cssUnescape(part.slice(0, colon)).trim().toLowerCase();
    let value = cssUnescape(part.slice(colon + 1)).trim().toLowerCase();
    const important = /!\s*important$/.test(value);
    if (important) value = value.replace(/!\s*important$/, '').trim();
    const previous = declarations.get(property);
    if (!previous?.important || important) declarations.set(property, { value, important });
  }
  return declarations;
}

/** Removes CSS comments in one pass (a regex would rescan the rest of the input for every unclosed comment). */
function stripComments(css: string): string {
  let out = '';
  let from = 0;
  for (;;) {
    const open = css.indexOf('/*', from);
    if (open === -1) return out + css.slice(from);
    out += css.slice(from, open);
    const close = css.indexOf('*/', open + 2);
    if (close === -1) return out;
    from = close + 2;
  }
}

/** CSS escapes (`d\69 splay`, `\:`): a browser reads through them, so must we. */
function cssUnescape(text: string): string {
  if (!text.includes('\\')) return text;
  return text.replace(/\\(?:([0-9a-f]{1,6})\s?|(.))/gi, (_, hex: string | undefined, char: string | undefined) => {
    if (hex === undefined) return char ?? '';
    const code = parseInt(hex, 16);
    return code > 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff) ? String.fromCodePoint(code) : '\ufffd';
  });
}

/** Reads the rules of `<style>` blocks, through `@media` and similar wrappers. Linear in the input. */
export function parseStyleSheet(css: string): StyleSheet {
  const text = stripComments(css);
  const byKey = new Map<string, Rule[]>();
  let start = 0;
  for (;;) {
    const open = text.indexOf('{', start);
    if (open === -1) break;
    const close = text.indexOf('}', open + 1);
    if (close === -1) break;
    const nestedOpen = text.indexOf('{', open + 1);
    const prelude = text.slice(start, open);
    const selectors = prelude.slice(prelude.lastIndexOf('}') + 1).trim();
    if (nestedOpen !== -1 && nestedOpen < close) {
      // An at-rule wrapping rules (@media, @supports): its inner rules are read as if unwrapped.
      start = open + 1;
      continue;
    }
    start = close + 1;
    if (selectors === '' || selectors.startsWith('@')) continue;
    const declarations = parseDeclarations(text.slice(open + 1, close));
    for (const selector of selectors.split(',')) addRule(byKey, selector, declarations);
  }
  return { byKey };
}

/**
 * Only the last compound selector is kept (`.a .b > p.c` → `p.c`): matching more elements than
 * the browser would means hiding more, never less. Pseudo-classes and attribute selectors only
 * apply sometimes (hover) or are rare; such rules are ignored.
 */
function addRule(byKey: Map<string, Rule[]>, selector: string, declarations: Declarations): void {
  const compound = selector.trim().split(/[\s>+~]+/).pop()?.toLowerCase() ?? '';
  if (compound === '' || /[:[]/.test(compound)) return;
  const match = /^([a-z][a-z0-9-]*|\*)?((?:[#.][^#.]+)*)$/.exec(compound);
  if (!match) return;
  const parts = match[2]!.match(/[#.][^#.]+/g) ?? [];
  const rule: Rule = {
    tag: match[1] && match[1] !== '*' ? match[1] : null,
    id: parts.find((part) => part.startsWith('#'))?.slice(1) ?? null,
    classes: parts.filter((part) => part.startsWith('.')).map((part) => part.slice(1)),
    declarations,
  };
  const key = rule.id !== null ? `#${rule.id}` : rule.classes[0] !== undefined ? `.${rule.classes[0]}` : rule.tag ?? '*';
  const list = byKey.get(key) ?? [];
  list.push(rule);
  byKey.set(key, list);
}

/** The declarations that apply to an element: style sheet rules, then its style attribute. */
export function elementDeclarations(sheet: StyleSheet, element: { name: string; attributes: Map<string, string> }): Declarations {
  const id = element.attributes.get('id')?.toLowerCase() ?? null;
  const classes = new Set((element.attributes.get('class') ?? '').toLowerCase().split(/\s+/).filter(Boolean));
  const keys = [element.name, '*', ...(id ? [`#${id}`] : []), ...[...classes].map((name) => `.${name}`)];
  const merged: Declarations = new Map();
  for (const key of keys) {
    for (const rule of sheet.byKey.get(key) ?? []) {
      const matches =
        (rule.tag === null || rule.tag === element.name) &&
        (rule.id === null || rule.id === id) &&
        rule.classes.every((name) => classes.has(name));
      if (matches) mergeSheetRule(merged, rule.declarations);
    }
  }
  const inline = parseDeclarations(element.attributes.get('style') ?? '');
  for (const [property, declaration] of inline) {
    const sheet = merged.get(property);
    if (!sheet?.important || declaration.important) merged.set(property, declaration);
  }
  return merged;
}

/** Between two sheet rules the more specific one wins in a browser; lacking specificity, the hiding one does. */
function mergeSheetRule(merged: Declarations, declarations: Declarations): void {
  for (const [property, declaration] of declarations) {
    const previous = merged.get(property);
    if (previous && previous.important && !declaration.important) continue;
    if (previous && previous.important === declaration.important && hides(property, previous.value)) continue;
    merged.set(property, declaration);
  }
}

/** Whether one declaration alone removes an element's text from view. */
export function hides(property: string, value: string): boolean {
  switch (property) {
    case 'display':
      return value === 'none';
    case 'visibility':
      return value === 'hidden' || value === 'collapse';
    case 'opacity':
      return opacity(value) < 0.1;
    case 'font-size':
      return (fontSizePx(value, 16) ?? 16) <= 1.5;
    case 'width':
    case 'height':
    case 'max-width':
    case 'max-height':
      return isTinyLength(value);
    case 'text-indent':
    case 'left':
    case 'top':
    case 'margin-left':
    case 'margin-top':
      return isFarOffscreen(value);
    case 'clip':
      return /^rect\(\s*0[a-z]*[\s,]+0[a-z]*[\s,]+0[a-z]*[\s,]+0[a-z]*\s*\)$/.test(value);
    case 'clip-path':
      return /inset\(\s*(?:[5-9]\d|100)%/.test(value);
    case 'transform':
      return /scale[xy]?\(\s*0(?:\.0+)?\s*[,)]/.test(value);
    default:
      return false;
  }
}

export function opacity(value: string): number {
  const match = /^(-?\d*\.?\d+)(%)?$/.exec(value.trim());
  if (!match) return 1;
  return Number(match[1]) / (match[2] ? 100 : 1);
}

const FONT_KEYWORDS: Record<string, number> = {
  'xx-small': 9, 'x-small': 10, small: 13, medium: 16, large: 18, 'x-large': 24, 'xx-large': 32, 'xxx-large': 48,
};

/** A font-size (or the size inside a `font` shorthand) in px, given the parent's; null when unreadable. */
export function fontSizePx(value: string, parentPx: number): number | null {
  for (const token of value.trim().split(/\s+/)) {
    const size = token.split('/')[0]!;
    if (size in FONT_KEYWORDS) return FONT_KEYWORDS[size]!;
    const match = /^(\d*\.?\d+)(px|pt|em|rem|%|ex|ch)?$/.exec(size);
    // A bare number in `font` is a weight (400) unless it is 0.
    if (!match || (match[2] === undefined && Number(match[1]) !== 0)) continue;
    const n = Number(match[1]);
    switch (match[2]) {
      case 'pt':
        return (n * 4) / 3;
      case 'em':
        return n * parentPx;
      case 'ex':
      case 'ch':
        return (n * parentPx) / 2;
      case 'rem':
        return n * 16;
      case '%':
        return (n * parentPx) / 100;
      default:
        return n;
    }
  }
  return null;
}

function isTinyLength(value: string): boolean {
  const match = /^(\d*\.?\d+)(px|pt|em|rem|%)?$/.exec(value.trim());
  if (!match) return false;
  const n = Number(match[1]);
  return match[2] === undefined || match[2] === 'px' || match[2] === 'pt' ? n <= 1 : n === 0;
}

function isFarOffscreen(value: string): boolean {
  const match = /^(-\d*\.?\d+)(px|pt|em|rem|%|vw|vh)?$/.exec(value.trim());
  if (!match) return false;
  const n = Number(match[1]);
  return match[2] === undefined || match[2] === 'px' || match[2] === 'pt' ? n <= -500 : n <= -30;
}
