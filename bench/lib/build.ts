import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
let built: string | null = null;

/**
 * Compiles src/ and the bench targets with the project's tsc into a temp folder, once per run,
 * and returns where the targets are. Targets run as plain Node, the way `npm start` runs the
 * compiled service: under tsx the same process carries ~100 MB of loader and transpile cache,
 * which would swamp the memory figures and slow every start. dist/ is left alone (others build it).
 */
export function compiledTargets(): string {
  if (built) return built;
  const dir = mkdtempSync(join(tmpdir(), 'campaign-agent-bench-build-'));
  process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
  const out = join(dir, 'out');
  writeFileSync(
    join(dir, 'tsconfig.json'),
    JSON.stringify({
      extends: join(ROOT, 'tsconfig.json'),
      compilerOptions: { noEmit: false, sourceMap: false, rootDir: ROOT, outDir: out, typeRoots: [join(ROOT, 'node_modules', '@types')] },
      include: [join(ROOT, 'src'), join(ROOT, 'bench', 'targets')],
      exclude: [join(ROOT, 'src', '**', '*.test.ts')],
    }),
  );
  try {
    execFileSync(join(ROOT, 'node_modules', '.bin', 'tsc'), ['-p', join(dir, 'tsconfig.json')], { stdio: 'pipe' });
  } catch {
    // Type errors elsewhere in the tree (others are editing it) do not stop tsc from emitting;
    // a missing output below is what counts.
  }
  const targets = join(out, 'bench', 'targets');
  if (!existsSync(join(targets, 'service.js'))) throw new Error(`could not compile the bench targets into ${out}`);
  // What the compiled code finds relative to itself, as it would in the package.
  writeFileSync(join(out, 'package.json'), '{ "type": "module" }\n');
  for (const name of ['node_modules', 'migrations', 'prompts']) symlinkSync(join(ROOT, name), join(out, name));
  built = targets;
  return targets;
}

/** The demo configuration the service target loads (absolute: the target runs from the temp folder). */
export const DEMO_CONFIG = join(ROOT, 'config', 'campaigns.yaml');
