import { Worker } from 'node:worker_threads';
import type { Logger } from 'pino';
import type { Config } from '../config/types.js';
import type { Metrics } from '../metrics/metrics.js';
import { applyMetricCall } from '../metrics/thread-forwarding.js';

/**
 * Compiled, the thread's entry is the .js beside this file. Under tsx (development) it is .ts,
 * and a thread does not inherit tsx's loader, so the thread registers it before importing.
 */
function pipelineWorker(workerData: { config: Config; node: string }): Worker {
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./pipeline-thread-entry.js', import.meta.url), { workerData });
  const entry = new URL('./pipeline-thread-entry.ts', import.meta.url).href;
  const source = `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(entry)}); })`;
  return new Worker(source, { eval: true, workerData });
}

/**
 * The pipeline on its own thread, driven like an in-process worker: start, kick, stop. start()
 * resolves once the thread has built and warmed its pipeline and is taking work, so a started
 * service answers at its usual speed from the first message on.
 */
export function startPipelineThread(config: Config, node: string, metrics: Metrics, logger: Logger) {
  let thread: Worker | null = null;
  return {
    start(): Promise<void> {
      const started = pipelineWorker({ config, node });
      thread = started;
      started.on('message', (message: unknown) => applyMetricCall(metrics, message));
      started.on('error', (error) => logger.error({ err: error }, 'pipeline thread failed'));
      return new Promise<void>((resolve, reject) => {
        started.on('message', (message: unknown) => message === 'ready' && resolve());
        started.once('error', reject);
        started.once('exit', (code) => reject(new Error(`the pipeline thread exited (code ${code}) before it was ready`)));
      });
    },
    kick(): void {
      thread?.postMessage('kick');
    },
    async stop(): Promise<void> {
      const running = thread;
      if (!running) return;
      await new Promise<void>((resolve) => {
        running.on('message', (message: unknown) => message === 'stopped' && resolve());
        running.once('exit', () => resolve());
        running.postMessage('stop');
      });
      await running.terminate();
    },
  };
}
