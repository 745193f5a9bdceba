/**
 * Where a target's CPU time went: `npx tsx bench/profile-top.ts FILE.cpuprofile [N]` prints the N
 * functions with the most self time and the N with the most inclusive time (a function counted
 * once per sample however deep it recurses). Profiles come from BENCH_CPU_PROF=DIR npm run bench.
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const [file, count = '25'] = process.argv.slice(2);
if (!file) {
  console.error('usage: npx tsx bench/profile-top.ts FILE.cpuprofile [N]');
  process.exit(1);
}
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
const parents = new Map<number, number>();
for (const node of profile.nodes) for (const child of node.children ?? []) parents.set(child, node.id);

// Microseconds spent with each node on top of the stack.
const onTop = new Map<number, number>();
profile.samples.forEach((id, i) => onTop.set(id, (onTop.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));

const self = new Map<string, number>();
const inclusive = new Map<string, number>();
let total = 0;
for (const [id, micros] of onTop) {
  total += micros;
  add(self, label(nodes.get(id)!), micros);
  const seen = new Set<string>();
  for (let at: number | undefined = id; at !== undefined; at = parents.get(at)) {
    const name = label(nodes.get(at)!);
    if (!seen.has(name)) add(inclusive, name, micros);
    seen.add(name);
  }
}

console.log(`${file}: ${Math.round(total / 1000)} ms sampled`);
for (const [title, table] of [['self', self], ['inclusive', inclusive]] as const) {
  console.log(`\n${title}:`);
  const top = [...table].sort((a, b) => b[1] - a[1]).slice(0, Number(count));
  for (const [name, micros] of top) console.log(`${String(Math.round(micros / 1000)).padStart(8)} ms ${((100 * micros) / total).toFixed(1).padStart(5)} %  ${name}`);
}

function add(table: Map<string, number>, key: string, micros: number): void {
  table.set(key, (table.get(key) ?? 0) + micros);
}

/** "function file:line", with the path cut to the package or the project folder. */
function label(node: ProfileNode): string {
  const { functionName, url, lineNumber } = node.callFrame;
  const where = url.replace(/^.*\/(node_modules|src|bench)\//, '$1/');
  return `${functionName || '(anonymous)'} ${where}${where ? `:${lineNumber + 1}` : ''}`;
}
