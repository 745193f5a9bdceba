/**
 * Colours as mail HTML writes them (names, #rgb, #rrggbb, rgb(), rgba(), bgcolor), and how
 * readable one is on another: text that has the colour of its background is hidden text.
 */
import { opacity } from './style.js';

export interface Rgba {
  r: number;
  g: number;
  b: number;
  a: number;
}

const NAMED_COLORS: Record<string, string> = {
  white: 'fff', black: '000', red: 'f00', green: '008000', blue: '00f', yellow: 'ff0', gray: '808080',
  grey: '808080', silver: 'c0c0c0', maroon: '800000', purple: '800080', fuchsia: 'f0f', magenta: 'f0f',
  lime: '0f0', olive: '808000', navy: '000080', teal: '008080', aqua: '0ff', cyan: '0ff', orange: 'ffa500',
  whitesmoke: 'f5f5f5', snow: 'fffafa', ivory: 'fffff0', ghostwhite: 'f8f8ff', floralwhite: 'fffaf0',
  azure: 'f0ffff', mintcream: 'f5fffa', honeydew: 'f0fff0', seashell: 'fff5ee', linen: 'faf0e6',
  oldlace: 'fdf5e6', aliceblue: 'f0f8ff', lavenderblush: 'fff0f5', beige: 'f5f5dc', lightyellow: 'ffffe0',
  lightgray: 'd3d3d3', lightgrey: 'd3d3d3', gainsboro: 'dcdcdc', darkgray: 'a9a9a9', darkgrey: 'a9a9a9',
  dimgray: '696969', dimgrey: '696969',
};

export function parseColor(raw: string): Rgba | null {
  const value = raw.trim().toLowerCase();
  if (value === 'transparent') return { r: 0, g: 0, b: 0, a: 0 };
  const hex = NAMED_COLORS[value] ?? /^#?([0-9a-f]{3,8})$/.exec(value)?.[1];
  if (hex !== undefined) return parseHex(hex);
  const fn = /^rgba?\(\s*([\d.]+%?)[\s,]+([\d.]+%?)[\s,]+([\d.]+%?)(?:\s*[,/]\s*([\d.]+%?))?\s*\)$/.exec(value);
  if (!fn) return null;
  const channel = (text: string) => Math.min(255, text.endsWith('%') ? (parseFloat(text) * 255) / 100 : parseFloat(text));
  return { r: channel(fn[1]!), g: channel(fn[2]!), b: channel(fn[3]!), a: fn[4] === undefined ? 1 : Math.min(1, opacity(fn[4])) };
}

function parseHex(hex: string): Rgba | null {
  const full = hex.length === 3 || hex.length === 4 ? [...hex].map((c) => c + c).join('') : hex;
  if (full.length !== 6 && full.length !== 8) return null;
  const byte = (at: number) => parseInt(full.slice(at, at + 2), 16);
  return { r: byte(0), g: byte(2), b: byte(4), a: full.length === 8 ? byte(6) / 255 : 1 };
}

/** The first colour in a `background` shorthand ("#fff url(x.png) no-repeat"). */
export function backgroundColor(value: string): Rgba | null {
  for (const token of value.match(/rgba?\([^)]*\)|#[0-9a-f]+|[a-z]+/gi) ?? []) {
    const color = parseColor(token);
    if (color) return color;
  }
  return null;
}

/** `top` painted over an opaque `bottom`. */
export function over(top: Rgba, bottom: Rgba): Rgba {
  const mix = (a: number, b: number) => a * top.a + b * (1 - top.a);
  return { r: mix(top.r, bottom.r), g: mix(top.g, bottom.g), b: mix(top.b, bottom.b), a: 1 };
}

/** WCAG contrast ratio between two opaque colours: 1 means identical, 21 is black on white. */
export function contrast(a: Rgba, b: Rgba): number {
  const [la, lb] = [luminance(a), luminance(b)];
  return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
}

function luminance({ r, g, b }: Rgba): number {
  const linear = (c: number) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
}
