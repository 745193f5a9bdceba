/**
 * A small, forgiving HTML tokenizer for mail bodies: tags, text and nothing else. Comments,
 * doctypes and processing instructions are skipped; the text of raw-text elements (script,
 * style, textarea ...) is never parsed as markup, as in a browser. Linear in the input, no
 * recursion, never throws: broken markup degrades to text.
 */

import { WINDOWS_1252_HIGH } from '../windows-1252.js';

export type Token =
  | { type: 'text'; text: string }
  | { type: 'start'; name: string; attributes: Map<string, string>; selfClosing: boolean }
  | { type: 'end'; name: string };

/** Elements whose content is text up to their own end tag. */
const RAW_TEXT = new Set(['script', 'style', 'textarea', 'title', 'xmp', 'iframe', 'noembed', 'noframes', 'plaintext']);

const TAG_NAME = /[a-zA-Z][^\s/>]*/y;
const ATTRIBUTE = /[\s/]*([^\s"'>/=][^\s"'>/=]*)(?:\s*=\s*(?:"([^"]*)"?|'([^']*)'?|([^\s>]*)))?/y;

export function* tokenize(html: string): Generator<Token> {
  let i = 0;
  let textStart = 0;
  while (i < html.length) {
    const lt = html.indexOf('<', i);
    if (lt === -1) break;
    const next = html[lt + 1] ?? '';
    if (next === '!' || next === '?' || (next === '/' && !/[a-zA-Z]/.test(html[lt + 2] ?? ''))) {
      if (lt > textStart) yield { type: 'text', text: decodeEntities(html.slice(textStart, lt)) };
      i = skipMarkupDeclaration(html, lt);
      textStart = i;
      continue;
    }
    if (next === '/') {
      TAG_NAME.lastIndex = lt + 2;
      const name = TAG_NAME.exec(html)![0].toLowerCase();
      if (lt > textStart) yield { type: 'text', text: decodeEntities(html.slice(textStart, lt)) };
      i = endOf(html, TAG_NAME.lastIndex);
      textStart = i;
      yield { type: 'end', name };
      continue;
    }
    TAG_NAME.lastIndex = lt + 1;
    const nameMatch = TAG_NAME.exec(html);
    if (!nameMatch) {
      // A lone "<" (as in "a < b") is text.
      i = lt + 1;
      continue;
    }
    if (lt > textStart) yield { type: 'text', text: decodeEntities(html.slice(textStart, lt)) };
    const name = nameMatch[0].toLowerCase();
    const { attributes, end, selfClosing } = readAttributes(html, TAG_NAME.lastIndex);
    yield { type: 'start', name, attributes, selfClosing };
    i = end;
    if (RAW_TEXT.has(name) && !selfClosing) {
      const close = findRawTextEnd(html, name, i);
      if (close > i) yield { type: 'text', text: name === 'textarea' ? decodeEntities(html.slice(i, close)) : html.slice(i, close) };
      i = close === html.length ? close : endOf(html, close + 2 + name.length);
      yield { type: 'end', name };
    }
    textStart = i;
  }
  if (textStart < html.length) yield { type: 'text', text: decodeEntities(html.slice(textStart)) };
}

/** `<!-- ... -->`, `<!DOCTYPE ...>`, `<![CDATA[ ... ]]>`, `<? ... >`, `</ ...>`: returns the index after it. */
function skipMarkupDeclaration(html: string, lt: number): number {
  if (html.startsWith('<!--', lt)) {
    const close = html.indexOf('-->', lt + 4);
    return close === -1 ? html.length : close + 3;
  }
  if (html.startsWith('<![CDATA[', lt)) {
    const close = html.indexOf(']]>', lt + 9);
    return close === -1 ? html.length : close + 3;
  }
  return endOf(html, lt + 1);
}

function endOf(html: string, from: number): number {
  const gt = html.indexOf('>', from);
  return gt === -1 ? html.length : gt + 1;
}

function readAttributes(html: string, from: number): { attributes: Map<string, string>; end: number; selfClosing: boolean } {
  const attributes = new Map<string, string>();
  let i = from;
  for (;;) {
    ATTRIBUTE.lastIndex = i;
    const match = ATTRIBUTE.exec(html);
    if (!match || match[0].length === 0) break;
    const key = match[1]!.toLowerCase();
    // The first occurrence of an attribute wins, as in a browser.
    if (!attributes.has(key)) attributes.set(key, decodeEntities(match[2] ?? match[3] ?? match[4] ?? ''));
    i = ATTRIBUTE.lastIndex;
  }
  const gt = html.indexOf('>', i);
  if (gt === -1) return { attributes, end: html.length, selfClosing: false };
  return { attributes, end: gt + 1, selfClosing: html.slice(i, gt).trim().endsWith('/') };
}

/** Index of the `</name` that ends a raw-text element, or the end of the input. */
function findRawTextEnd(html: string, name: string, from: number): number {
  const close = new RegExp(`</${name}(?=[\\s/>]|$)`, 'gi');
  close.lastIndex = from;
  return close.exec(html)?.index ?? html.length;
}

// ---- character references -----------------------------------------------------------

/** U+00A0..U+00FF in order: the HTML 4 Latin-1 entity names. */
const LATIN1 =
  'nbsp iexcl cent pound curren yen brvbar sect uml copy ordf laquo not shy reg macr deg plusmn sup2 sup3 acute micro ' +
  'para middot cedil sup1 ordm raquo frac14 frac12 frac34 iquest Agrave Aacute Acirc Atilde Auml Aring AElig Ccedil ' +
  'Egrave Eacute Ecirc Euml Igrave Iacute Icirc Iuml ETH Ntilde Ograve Oacute Ocirc Otilde Ouml times Oslash Ugrave ' +
  'Uacute Ucirc Uuml Yacute THORN szlig agrave aacute acirc atilde auml aring aelig ccedil egrave eacute ecirc euml ' +
  'igrave iacute icirc iuml eth ntilde ograve oacute ocirc otilde ouml divide oslash ugrave uacute ucirc uuml yacute thorn yuml';

const NAMED = new Map<string, string>([
  ...LATIN1.split(' ').map((name, index): [string, string] => [name, String.fromCharCode(0xa0 + index)]),
  ...Object.entries({
    amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", OElig: 'Œ', oelig: 'œ', Scaron: 'Š', scaron: 'š', Yuml: 'Ÿ',
    circ: 'ˆ', tilde: '˜', ensp: '\u2002', emsp: '\u2003', thinsp: '\u2009', zwnj: '\u200c', zwj: '\u200d',
    lrm: '\u200e', rlm: '\u200f', ndash: '–', mdash: '—', lsquo: '‘', rsquo: '’', sbquo: '‚', ldquo: '“', rdquo: '”',
    bdquo: '„', dagger: '†', Dagger: '‡', bull: '•', hellip: '…', permil: '‰', prime: '′', lsaquo: '‹', rsaquo: '›',
    euro: '€', trade: '™', larr: '←', rarr: '→', uarr: '↑', darr: '↓', hearts: '♥', check: '✓',
  }),
]);

const REFERENCE = /&(?:#[xX]([0-9a-fA-F]{1,8});?|#([0-9]{1,10});?|([a-zA-Z][a-zA-Z0-9]{1,31});?)/g;

function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(REFERENCE, (whole, hex: string | undefined, dec: string | undefined, name: string | undefined) => {
    if (name !== undefined) return NAMED.get(name) ?? whole;
    return fromCodePoint(hex !== undefined ? parseInt(hex, 16) : Number(dec));
  });
}

/** Numeric references 0x80..0x9F mean windows-1252 characters (HTML spec, "numeric character reference end state"). */
function fromCodePoint(code: number): string {
  if (code >= 0x80 && code <= 0x9f) return WINDOWS_1252_HIGH[code - 0x80]!;
  if (code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return '\ufffd';
  return String.fromCodePoint(code);
}
