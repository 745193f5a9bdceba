import { parentPort, workerData } from 'node:worker_threads';
import { setPriority } from 'node:os';
import type { Config } from '../config/types.js';
import { buildPipeline } from './assembly.js';
import { createLogger } from './logger.js';
import { pipelineSpoolLoop } from './spool-loop.js';
import { openStore } from '../store/open.js';
import { forwardedMetrics } from '../metrics/thread-forwarding.js';

/**
 * The pipeline's own thread (started by pipeline-thread.ts when startService runs with `pipelineThread`): its own SQLite connection and
 * event loop, so deciding, calendar reads and sending never delay the SMTP listener's 250s.
 * It talks to the main thread by messages: 'kick' and 'stop' in; 'ready' (warmed up and taking
 * work), metric calls and 'stopped' out.
 */
const port = parentPort!;
const PIPELINE_NICE = 10;
// A little below the listener: when the CPU is short, a 250 (a sender waiting on the line) comes
// before a reply (already stored, answered a moment later); with CPU to spare nothing changes.
// Linux keeps a nice value per thread, so setpriority(0) from here sets this thread's alone;
// elsewhere it would slow the whole process, listener included.
if (process.platform === 'linux') setPriority(0, PIPELINE_NICE);
const { config, node } = workerData as { config: Config; node: string };
const logger = createLogger().child({ thread: 'pipeline' });
const store = await openStore(config.service);
const pipeline = buildPipeline(config, store, logger, Date.now, forwardedMetrics((call) => port.postMessage(call)));
const worker = pipelineSpoolLoop(pipeline, store, Date.now, logger, node);
await pipeline.warmUp();
await worker.start();
port.postMessage('ready');

port.on('message', (message: unknown) => {
  if (message === 'kick') worker.kick();
  if (message === 'stop') {
    void worker.stop().then(async () => {
      await store.close();
      port.postMessage('stopped');
    });
  }
});
