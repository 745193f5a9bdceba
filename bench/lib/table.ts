/** Plain-text tables for the console and BENCHMARKS.md (the same rows, two renderings). */

export type Cell = string | number | null;

function text(cell: Cell): string {
  if (cell === null || (typeof cell === 'number' && Number.isNaN(cell))) return '–';
  return typeof cell === 'number' ? cell.toLocaleString('en', { maximumFractionDigits: 2 }) : cell;
}

/** First column left-aligned, the rest right-aligned (they are numbers). */
export function formatTable(header: string[], rows: Cell[][]): string {
  const cells = rows.map((row) => row.map(text));
  const widths = header.map((title, i) => Math.max(title.length, ...cells.map((row) => row[i]!.length)));
  const line = (row: string[]) => row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ');
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...cells.map(line)].join('\n');
}

export function markdownTable(header: string[], rows: Cell[][]): string {
  const line = (row: string[]) => `| ${row.join(' | ')} |`;
  return [line(header), line(header.map((_, i) => (i === 0 ? '---' : '---:'))), ...rows.map((row) => line(row.map(text)))].join('\n');
}
