import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { freePort } from '../bench/lib/ports.js';

/**
 * What can be checked of the image without a Docker daemon or a registry: the Dockerfile against
 * hadolint-style rules, and the image's own start command and HEALTHCHECK run on the built dist/
 * with the image's environment (the bind addresses moved to loopback, as every test here is).
 */
interface Instruction {
  keyword: string;
  args: string;
  line: number;
}

/** Instructions in order, continuation lines joined, comments and parser directives left out. */
function parseDockerfile(text: string): Instruction[] {
  const instructions: Instruction[] = [];
  let pending: { text: string; line: number } | null = null;
  text.split('\n').forEach((raw, index) => {
    const line = raw.trimEnd();
    if (pending === null && (line.trim() === '' || line.trimStart().startsWith('#'))) return;
    if (pending !== null && line.trimStart().startsWith('#')) return;
    const joined = pending ? `${pending.text} ${line.trim()}` : line.trim();
    const start = pending?.line ?? index + 1;
    if (joined.endsWith('\\')) {
      pending = { text: joined.slice(0, -1).trimEnd(), line: start };
      return;
    }
    pending = null;
    const [keyword, ...rest] = joined.split(/\s+/);
    instructions.push({ keyword: keyword!.toUpperCase(), args: rest.join(' '), line: start });
  });
  return instructions;
}

const DOCKERFILE = readFileSync('Dockerfile', 'utf8');
const instructions = parseDockerfile(DOCKERFILE);
const stages = instructions.reduce<Instruction[][]>((all, instruction) => {
  if (instruction.keyword === 'FROM') all.push([]);
  all.at(-1)?.push(instruction);
  return all;
}, []);
const final = stages.at(-1)!;
const of = (stage: Instruction[], keyword: string) => stage.filter((instruction) => instruction.keyword === keyword);

/** The final stage's ENV, as the image sets it. */
function imageEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const { args } of of(final, 'ENV')) {
    for (const match of args.matchAll(/([A-Z_][A-Z0-9_]*)=("[^"]*"|\S*)/g)) env[match[1]!] = match[2]!.replace(/^"|"$/g, '');
  }
  return env;
}

function execForm(args: string): string[] {
  return JSON.parse(args) as string[];
}

describe('the Dockerfile, linted', () => {
  it('builds in one stage and runs in another, both on Node 24 LTS slim, with pinned tags', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    for (const stage of stages) {
      const image = stage[0]!.args.split(/\s+/)[0]!;
      // DL3006/DL3007: a tag, never an implicit or explicit latest.
      expect(image).toMatch(/^node:24-bookworm-slim$/);
    }
    expect(stages[0]![0]!.args).toMatch(/\sAS\s+\w+/i);
    expect(of(final, 'COPY').some((copy) => /--from=/.test(copy.args))).toBe(true);
  });

  it('runs as a user without privileges, in exec form, with a HEALTHCHECK on /healthz', () => {
    const users = of(final, 'USER');
    expect(users.length).toBeGreaterThan(0);
    expect(users.at(-1)!.args).not.toMatch(/^(root|0)(:|$)/);
    const cmd = of(final, 'CMD');
    expect(cmd).toHaveLength(1);
    expect(() => execForm(cmd[0]!.args)).not.toThrow();
    expect(final.indexOf(users.at(-1)!)).toBeLessThan(final.indexOf(cmd[0]!));
    const health = of(final, 'HEALTHCHECK');
    expect(health).toHaveLength(1);
    expect(health[0]!.args).toMatch(/--interval=\S+/);
    expect(health[0]!.args).toMatch(/\/healthz/);
  });

  it('follows the usual rules: no ADD, absolute WORKDIR, npm ci, apt lists removed, no recommends, no sudo', () => {
    expect(instructions.filter((instruction) => instruction.keyword === 'ADD')).toEqual([]); // DL3020
    for (const workdir of instructions.filter((instruction) => instruction.keyword === 'WORKDIR')) expect(workdir.args).toMatch(/^\//); // DL3000
    for (const run of instructions.filter((instruction) => instruction.keyword === 'RUN')) {
      expect(run.args).not.toMatch(/\bsudo\b/); // DL3004
      expect(run.args).not.toMatch(/\bnpm install\b/); // the lockfile decides
      if (/apt-get install/.test(run.args)) {
        expect(run.args).toMatch(/--no-install-recommends/); // DL3015
        expect(run.args).toMatch(/-y\b/); // DL3014
        expect(run.args).toMatch(/rm -rf \/var\/lib\/apt\/lists/); // DL3009
      }
      expect(run.args).not.toMatch(/apt-get upgrade|apt-get dist-upgrade/); // DL3005
    }
  });

  it('copies only what is in the repository and not ignored, and exposes the ports it listens on', () => {
    const ignored = readFileSync('.dockerignore', 'utf8').split('\n').map((line) => line.trim()).filter((line) => line && !line.startsWith('#'));
    for (const copy of instructions.filter((instruction) => instruction.keyword === 'COPY' && !/--from=/.test(instruction.args))) {
      const sources = copy.args.split(/\s+/).filter((part) => !part.startsWith('--')).slice(0, -1);
      for (const source of sources) {
        expect([copy.line, source, existsSync(source)]).toEqual([copy.line, source, true]);
        expect(ignored.filter((pattern) => source === pattern || source.startsWith(`${pattern}/`))).toEqual([]);
      }
    }
    const env = imageEnv();
    const exposed = of(final, 'EXPOSE').flatMap((expose) => expose.args.split(/\s+/));
    expect(exposed.sort()).toEqual([env.SMTP_PORT, env.HTTP_PORT].sort());
  });
});

describe("the image's start command and health check, outside Docker", () => {
  it.skipIf(!existsSync('dist/cli.js') && process.env.CI !== 'true')('CMD serves on the built dist/, the HEALTHCHECK command passes, SIGTERM stops it cleanly', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'campaign-agent-image-'));
    const [smtpPort, httpPort] = [await freePort(), await freePort()];
    const env = {
      ...process.env,
      ...imageEnv(),
      // The image's paths, moved into a temp folder and the repository (where the image copies them from).
      CAMPAIGN_AGENT_CONFIG: 'config/campaigns.yaml',
      DATABASE_PATH: join(dir, 'campaign-agent.db'),
      SMTP_HOST: '127.0.0.1',
      HTTP_HOST: '127.0.0.1',
      SMTP_PORT: String(smtpPort),
      HTTP_PORT: String(httpPort),
      HTTP_ACCESS_TOKEN: 'image-check-token-0123456789',
      LOG_LEVEL: 'warn',
    };
    const [command, ...args] = execForm(of(final, 'CMD')[0]!.args);
    const health = /CMD\s+(.*)$/.exec(of(final, 'HEALTHCHECK')[0]!.args)![1]!;
    const service = spawn(command === 'node' ? process.execPath : command!, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    service.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    service.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    try {
      let healthy = false;
      // The HEALTHCHECK's start period is 10 s: within it, the check may fail.
      for (let attempt = 0; attempt < 40 && !healthy; attempt++) {
        const check = spawnSync('sh', ['-c', health.replace(/^node\b/, JSON.stringify(process.execPath))], { env, encoding: 'utf8', timeout: 5000 });
        healthy = check.status === 0;
        if (!healthy) await new Promise((resolve) => setTimeout(resolve, 250));
      }
      expect([healthy, output]).toEqual([true, output]);
      const exited = new Promise<string>((resolve) => service.once('exit', (code, signal) => resolve(`${code} ${signal}`)));
      service.kill('SIGTERM');
      expect([await exited, output]).toEqual(['0 null', output]);
    } finally {
      if (service.exitCode === null) service.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
