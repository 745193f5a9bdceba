/**
 * HTML built with a tagged template that escapes every interpolated value unless it is already
 * markup made the same way: campaign names, subjects and message text come from users and
 * prospects, so escaping is the default rather than something to remember.
 */
export class Html {
  constructor(readonly markup: string) {}
  toString(): string {
    return this.markup;
  }
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

export function html(strings: TemplateStringsArray, ...values: unknown[]): Html {
  let markup = strings[0]!;
  values.forEach((value, index) => {
    markup += render(value) + strings[index + 1]!;
  });
  return new Html(markup);
}

function render(value: unknown): string {
  if (value instanceof Html) return value.markup;
  if (Array.isArray(value)) return value.map(render).join('');
  if (value === null || value === undefined || value === false) return '';
  return escapeHtml(String(value));
}

const STYLE = `
  body { font: 15px/1.45 system-ui, sans-serif; margin: 0 auto; max-width: 1100px; padding: 0 1.5rem 3rem; color: #1d2433; }
  header { display: flex; flex-wrap: wrap; align-items: baseline; gap: 1rem; border-bottom: 1px solid #d9dee8; }
  header h1 { font-size: 1.2rem; margin: 1rem 0; }
  nav a { margin-right: .8rem; }
  nav a[aria-current] { font-weight: 600; color: inherit; text-decoration: none; }
  h2 { font-size: 1.05rem; margin: 2rem 0 .6rem; }
  form.window { margin: 1rem 0 .3rem; display: flex; gap: .6rem; align-items: center; flex-wrap: wrap; }
  .note { color: #5b6477; font-size: .85rem; }
  .figures { display: grid; grid-template-columns: repeat(auto-fill, minmax(150px, 1fr)); gap: .8rem; margin-top: 1rem; }
  .figure { border: 1px solid #d9dee8; border-radius: 6px; padding: .6rem .8rem; }
  .figure .value { display: block; font-size: 1.5rem; font-weight: 600; }
  .figure .label { color: #5b6477; font-size: .85rem; }
  table { border-collapse: collapse; width: 100%; }
  th, td { text-align: left; padding: .3rem .6rem .3rem 0; border-bottom: 1px solid #eceff5; vertical-align: top; }
  td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
  .meter { background: #3b6fd8; height: .9rem; border-radius: 2px; }
  .quote { color: #5b6477; white-space: pre-wrap; max-width: 32rem; }
  svg text { font: 11px system-ui, sans-serif; fill: #5b6477; }
  svg rect.bar { fill: #3b6fd8; }
  svg text.rate { fill: #1d2433; }
`;

/** A whole page: no scripts, no external resources (the CSP forbids both). */
export function page(title: string, body: Html): string {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<style>${new Html(STYLE)}</style>
</head>
<body>
${body}
</body>
</html>
`.markup;
}

/** No scripts, nothing fetched from elsewhere, never framed, forms post only here. */
export const PAGE_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
} as const;
