import { fork, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ServiceTargetOptions } from '../targets/service.js';
import { compiledTargets, DEMO_CONFIG } from './build.js';

export interface Target {
  /** 0 for a service node without the listener role. */
  smtpPort: number;
  pid: number;
  request<T>(type: string): Promise<T>;
  /** Asks the target to close cleanly, then waits for the process to exit (killed after 30 s). */
  stop(): Promise<void>;
}

const STOP_TIMEOUT_MS = 30_000;
const START_TIMEOUT_MS = 30_000;

/**
 * Starts bench/targets/<name>.ts, compiled, in its own plain Node process with `options` as its
 * argument. BENCH_CPU_PROF=DIR writes a V8 CPU profile of every target into DIR (read them with
 * bench/profile-top.ts).
 */
export async function startTarget(name: 'service' | 'bare', options: object = {}): Promise<Target> {
  const file = join(compiledTargets(), `${name}.js`);
  const profileDir = process.env.BENCH_CPU_PROF;
  const profile = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [];
  const child = fork(file, [JSON.stringify(options)], { execArgv: profile, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const ready = await new Promise<{ smtpPort: number }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} target did not start in ${START_TIMEOUT_MS / 1000} s`)), START_TIMEOUT_MS);
    child.once('message', (message: { smtpPort: number }) => {
      clearTimeout(timer);
      resolve(message);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${name} target exited with ${code} before it was ready`));
    });
  });
  const request = requester(child);
  return { smtpPort: ready.smtpPort, pid: child.pid!, request, stop: () => stop(child, request) };
}

/** The service on the demo configuration; see bench/targets/service.ts for the options. */
export function startServiceTarget(options: Omit<ServiceTargetOptions, 'configFile'>): Promise<Target> {
  return startTarget('service', { ...options, configFile: DEMO_CONFIG });
}

function requester(child: ChildProcess) {
  let nextId = 0;
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  child.on('message', (message: { id?: number; ok: boolean; value: unknown }) => {
    const waiter = message.id === undefined ? undefined : pending.get(message.id);
    if (!waiter) return;
    pending.delete(message.id!);
    if (message.ok) waiter.resolve(message.value);
    else waiter.reject(new Error(String(message.value)));
  });
  child.on('exit', () => {
    for (const waiter of pending.values()) waiter.reject(new Error('target exited'));
    pending.clear();
  });
  return <T>(type: string): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      child.send({ id, type });
    });
}

async function stop(child: ChildProcess, request: Target['request']): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
  try {
    await request('stop');
  } finally {
    if (child.connected) child.disconnect();
    await exited;
    clearTimeout(timer);
  }
}

/** Peak resident memory since the last reset (VmHWM), in bytes. */
export function peakRss(pid: number): number {
  const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!match) throw new Error(`no VmHWM for process ${pid}`);
  return Number(match[1]) * 1024;
}

/** Starts a new peak (Linux: writing 5 to clear_refs resets VmHWM to the current RSS). */
export function resetPeakRss(pid: number): void {
  writeFileSync(`/proc/${pid}/clear_refs`, '5');
}
