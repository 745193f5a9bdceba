/** Plain-text tables for the console and BENCHMARKS.md (the same rows, two renderings). */

export type Cell = string | number | null;

function text(cell: Cell): string {
  if (cell === null || (typeof cell === 'number' && Number.isNaN(cell))) return '–';
  return typeof cell === 'number' ? cell.toLocaleString('en', { maximumFractionDigits: 2 }) : cell;
}

/** Columns of numbers align right; columns of words (a target, a note) align left. */
function isText(rows: Cell[][], column: number): boolean {
  return rows.every((row) => typeof row[column] !== 'number') && rows.some((row) => typeof row[column] === 'string' && !/^[>\d–]/.test(row[column]));
}

export function formatTable(header: string[], rows: Cell[][]): string {
  const cells = rows.map((row) => row.map(text));
  const widths = header.map((title, i) => Math.max(title.length, ...cells.map((row) => row[i]!.length)));
  const left = header.map((_, i) => i === 0 || isText(rows, i));
  const line = (row: string[]) => row.map((cell, i) => (left[i] ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ').trimEnd();
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...cells.map(line)].join('\n');
}

export function markdownTable(header: string[], rows: Cell[][]): string {
  const line = (row: string[]) => `| ${row.join(' | ')} |`;
  const rule = header.map((_, i) => (i === 0 || isText(rows, i) ? '---' : '---:'));
  return [line(header), line(rule), ...rows.map((row) => line(row.map(text)))].join('\n');
}
