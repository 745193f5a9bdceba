/**
 * The text a person sees when an HTML-only mail is displayed, and nothing else.
 *
 * Hidden text is how a mail talks to a program behind its reader's back ("ignore previous
 * instructions ..." in white on white). Whatever the reader cannot see is dropped: hidden
 * elements (display, visibility, opacity, tiny fonts or boxes, off-screen, clipped), text the
 * colour of its background, `hidden`/`aria-hidden`, closed `<details>`, script, style, head,
 * template and comments.
 * Line structure is kept: blocks and `<br>` become line breaks, paragraphs blank lines, and
 * `<blockquote>` lines get a `> ` prefix so quoted history reads like a plain-text quote.
 */
import { tokenize, type Token } from './tokenizer.js';
import { backgroundColor, contrast, over, parseColor, type Rgba } from './colors.js';
import { elementDeclarations, fontSizePx, hides, opacity, parseStyleSheet, type Declarations, type StyleSheet } from './style.js';

interface Frame {
  name: string;
  /** Removed from view for good: nothing a descendant does brings it back. */
  removed: boolean;
  /** Inherited, and a descendant may set it back to visible. */
  visibility: string;
  opacity: number;
  fontPx: number;
  color: Rgba;
  background: Rgba;
  pre: boolean;
  quoteDepth: number;
  /** Inside a closed `<details>` and outside its `<summary>`. */
  collapsed: boolean;
}

/** Never rendered as text, or only in situations a mail reader is not in (no plugins, no frames, no scripts). */
const DROPPED = new Set([
  'script', 'style', 'head', 'template', 'title', 'xml', 'noscript', 'noembed', 'noframes', 'object', 'iframe', 'svg',
]);
const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'param', 'source', 'track', 'wbr']);
const LINE_BLOCKS = new Set([
  'div', 'li', 'tr', 'dt', 'dd', 'ul', 'ol', 'dl', 'section', 'article', 'header', 'footer', 'nav', 'main', 'aside',
  'center', 'form', 'fieldset', 'figure', 'figcaption', 'address', 'caption', 'tbody', 'thead', 'tfoot', 'hr', 'option',
  'details', 'summary',
]);
const PARAGRAPH_BLOCKS = new Set(['p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'table', 'blockquote', 'pre']);
/** A start tag of these closes an open sibling of the same name (`<li>a<li>b`). */
const IMPLIED_END = new Set(['p', 'li', 'dt', 'dd', 'tr', 'td', 'th', 'option']);
/** Invisible format characters that carry no text but can smuggle or reorder it. */
const INVISIBLE = /[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/g;
/** Below this contrast ratio with its background a text is unreadable (1 = the same colour). */
const MIN_CONTRAST = 1.2;

const WHITE: Rgba = { r: 255, g: 255, b: 255, a: 1 };
const BLACK: Rgba = { r: 0, g: 0, b: 0, a: 1 };

export function visibleHtmlText(html: string): string {
  const sheet = parseStyleSheet(styleSheetText(html));
  const root: Frame = {
    name: '#root', removed: false, visibility: 'visible', opacity: 1, fontPx: 16,
    color: BLACK, background: WHITE, pre: false, quoteDepth: 0, collapsed: false,
  };
  const stack = new OpenElements(root);
  const out = new TextOut();
  for (const token of tokenize(html)) {
    const top = stack.top();
    if (token.type === 'text') {
      if (isVisible(top)) out.text(token.text, top);
    } else if (token.type === 'end') {
      if (token.name === 'br' || (token.name === 'p' && !stack.has('p'))) {
        if (isVisible(top)) out.lineBreak();
      }
      const closed = stack.close(token.name);
      if (closed && !closed.removed) out.block(breaksAround(closed.name));
    } else {
      open(stack, token, sheet, out);
    }
  }
  return out.finish();
}

function open(stack: OpenElements, token: Extract<Token, { type: 'start' }>, sheet: StyleSheet, out: TextOut): void {
  const { name } = token;
  // The body starts where a head that was never closed ends.
  if (name === 'body') stack.close('head');
  if (IMPLIED_END.has(name) && stack.top().name === name) stack.close(name);
  const parent = stack.top();
  const frame = child(parent, token, sheet);
  if (name === 'br') {
    if (isVisible(frame)) out.lineBreak();
    return;
  }
  if (!frame.removed) {
    out.block(breaksAround(name));
    if ((name === 'td' || name === 'th') && isVisible(frame)) out.cellGap();
  }
  if (!VOID.has(name) && !token.selfClosing) stack.push(frame);
}

function child(parent: Frame, token: Extract<Token, { type: 'start' }>, sheet: StyleSheet): Frame {
  const { name, attributes } = token;
  const style = elementDeclarations(sheet, token);
  const value = (property: string) => style.get(property)?.value;
  const removed =
    parent.removed ||
    DROPPED.has(name) ||
    attributes.has('hidden') ||
    attributes.get('aria-hidden')?.trim().toLowerCase() === 'true' ||
    ['width', 'height'].some((size) => /^\s*[01](?:px)?\s*$/i.test(attributes.get(size) ?? '')) ||
    hidesByStyle(style);
  const fontSize = value('font-size') ?? value('font');
  // WebKit (Apple Mail) paints text in -webkit-text-fill-color when it is set, whatever `color` says.
  const ownColor = parseColor(
    value('-webkit-text-fill-color') ?? value('color') ?? attributes.get('color') ?? (name === 'body' ? attributes.get('text') : undefined) ?? '',
  );
  const ownBackground =
    parseColor(value('background-color') ?? attributes.get('bgcolor') ?? '') ?? backgroundColor(value('background') ?? '');
  const background = ownBackground ? over(ownBackground, parent.background) : parent.background;
  return {
    name,
    removed,
    visibility: value('visibility') ?? parent.visibility,
    opacity: parent.opacity * Math.max(0, Math.min(1, opacity(value('opacity') ?? '1'))),
    fontPx: (fontSize !== undefined ? fontSizePx(fontSize, parent.fontPx) : null) ?? parent.fontPx,
    color: ownColor ?? parent.color,
    background,
    pre: parent.pre || name === 'pre' || /^pre/.test(value('white-space') ?? ''),
    quoteDepth: parent.quoteDepth + (name === 'blockquote' ? 1 : 0),
    collapsed: name === 'summary' ? false : (name === 'details' && !attributes.has('open')) || parent.collapsed,
  };
}

/** Declarations that remove an element whatever its descendants say (visibility, size and colour inherit instead). */
function hidesByStyle(style: Declarations): boolean {
  for (const [property, { value }] of style) {
    if (property !== 'visibility' && property !== 'font-size' && hides(property, value)) return true;
  }
  // Lines of no height in a box that clips what overflows it.
  const clipped = /^(?:hidden|clip)$/.test(style.get('overflow')?.value ?? '');
  return clipped && /^0(?:\.0*)?(?:px|pt|em|%)?$/.test(style.get('line-height')?.value ?? '');
}

function isVisible(frame: Frame): boolean {
  if (frame.removed || frame.collapsed || frame.visibility === 'hidden' || frame.visibility === 'collapse') return false;
  if (frame.opacity < 0.1 || frame.fontPx <= 1.5) return false;
  return contrast(over(frame.color, frame.background), frame.background) >= MIN_CONTRAST;
}

/** The open elements, with a count per name so a stray end tag costs nothing to ignore. */
class OpenElements {
  private readonly frames: Frame[];
  private readonly counts = new Map<string, number>();

  constructor(root: Frame) {
    this.frames = [root];
  }

  top(): Frame {
    return this.frames[this.frames.length - 1]!;
  }

  has(name: string): boolean {
    return (this.counts.get(name) ?? 0) > 0;
  }

  push(frame: Frame): void {
    this.frames.push(frame);
    this.counts.set(frame.name, (this.counts.get(frame.name) ?? 0) + 1);
  }

  /** Closes the innermost open `name` and everything opened inside it; returns it, or null. */
  close(name: string): Frame | null {
    if (!this.has(name)) return null;
    for (;;) {
      const frame = this.frames.pop()!;
      this.counts.set(frame.name, this.counts.get(frame.name)! - 1);
      if (frame.name === name) return frame;
    }
  }
}

function breaksAround(name: string): number {
  if (PARAGRAPH_BLOCKS.has(name)) return 2;
  return LINE_BLOCKS.has(name) ? 1 : 0;
}

/** `<style>` content anywhere in the document applies to all of it, as in a browser. */
function styleSheetText(html: string): string {
  const parts: string[] = [];
  let inStyle = false;
  for (const token of tokenize(html)) {
    if (token.type === 'start' && token.name === 'style') inStyle = true;
    else if (token.type === 'end' && token.name === 'style') inStyle = false;
    else if (token.type === 'text' && inStyle) parts.push(token.text);
  }
  return parts.join('\n');
}

/**
 * Accumulates text with collapsed whitespace and at most the line breaks asked for. Parts are
 * kept in an array and the last character tracked, so appending never re-reads the output.
 */
class TextOut {
  private readonly parts: string[] = [];
  private last = '';
  /** Line breaks owed before the next text. */
  private pending = 0;

  text(raw: string, frame: Frame): void {
    const text = frame.pre ? raw.replace(/\r\n?/g, '\n') : raw.replace(/[ \t\n\r\f]+/g, ' ');
    if (text === '' || (!frame.pre && text === ' ' && (this.pending > 0 || this.atLineStart()))) return;
    text.split('\n').forEach((line, index) => {
      if (index > 0) this.pending += 1;
      if (line === '') return;
      this.flush(frame.quoteDepth);
      const collapse = !frame.pre && (this.atLineStart() || this.last === ' ');
      this.append(collapse ? line.replace(/^ +/, '') : line);
    });
  }

  block(breaks: number): void {
    if (breaks > 0 && this.parts.length > 0) this.pending = Math.max(this.pending, breaks);
  }

  lineBreak(): void {
    this.pending += 1;
  }

  cellGap(): void {
    if (this.pending === 0 && !this.atLineStart()) this.append(' ');
  }

  finish(): string {
    return this.parts
      .join('')
      .replace(INVISIBLE, '')
      .replace(/\u00a0/g, ' ')
      .split('\n')
      .map((line) => line.trimEnd())
      .join('\n')
      .replace(/\n{3,}/g, '\n\n')
      .replace(/^\n+|\n+$/g, '');
  }

  private flush(quoteDepth: number): void {
    if (this.pending > 0 && this.parts.length > 0) this.append('\n'.repeat(this.pending));
    this.pending = 0;
    if (this.atLineStart() && quoteDepth > 0) this.append('> '.repeat(quoteDepth));
  }

  private append(text: string): void {
    if (text === '') return;
    this.parts.push(text);
    this.last = text[text.length - 1]!;
  }

  private atLineStart(): boolean {
    return this.parts.length === 0 || this.last === '\n';
  }
}
