import { parentPort, workerData } from 'node:worker_threads';
import type { Config } from './config/types.js';
import { buildPipeline, createLogger } from './app.js';
import { openStore } from './store/store.js';
import { createWorker } from './worker.js';
import { forwardedMetrics } from './metrics-forwarding.js';

/**
 * The pipeline's own thread (see startService's `pipelineThread`): its own SQLite connection and
 * event loop, so deciding, calendar reads and sending never delay the SMTP listener's 250s.
 * It talks to the main thread by messages: 'kick' and 'stop' in; 'ready' (warmed up and taking
 * work), metric calls and 'stopped' out.
 */
const port = parentPort!;
const { config } = workerData as { config: Config };
const logger = createLogger().child({ thread: 'pipeline' });
const store = openStore(config.service.databasePath);
const pipeline = buildPipeline(config, store, logger, Date.now, forwardedMetrics((call) => port.postMessage(call)));
const worker = createWorker({ store, process: pipeline.process, followUps: pipeline.followUps, sender: pipeline.sender, now: Date.now, logger });
await pipeline.warmUp();
worker.start();
port.postMessage('ready');

port.on('message', (message: unknown) => {
  if (message === 'kick') worker.kick();
  if (message === 'stop') {
    void worker.stop().then(() => {
      pipeline.sender.close();
      store.close();
      port.postMessage('stopped');
    });
  }
});
