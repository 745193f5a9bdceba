/**
 * The child side of the bench's target protocol: the parent sends `{ id, type }` requests over
 * the IPC channel and gets `{ id, ok, value }` back. Targets run in their own process so the
 * load generator never shares an event loop (or a heap) with what it measures.
 */
export type Handlers = Record<string, () => unknown>;

export interface MemorySnapshot {
  rss: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
  arrayBuffers: number;
}

export function memorySnapshot(): MemorySnapshot {
  const { rss, heapUsed, heapTotal, external, arrayBuffers } = process.memoryUsage();
  return { rss, heapUsed, heapTotal, external, arrayBuffers };
}

/**
 * The largest heap and off-heap (Buffer) figures seen since the last reset, sampled every 10 ms.
 * A sample cannot land inside synchronous work, so this is a lower bound; RSS peaks come exact
 * from the kernel (VmHWM), read by the parent.
 */
export function createPeakSampler() {
  let peak = memorySnapshot();
  setInterval(() => {
    const now = memorySnapshot();
    peak = {
      rss: Math.max(peak.rss, now.rss),
      heapUsed: Math.max(peak.heapUsed, now.heapUsed),
      heapTotal: Math.max(peak.heapTotal, now.heapTotal),
      external: Math.max(peak.external, now.external),
      arrayBuffers: Math.max(peak.arrayBuffers, now.arrayBuffers),
    };
  }, 10).unref();
  return {
    reset: () => void (peak = memorySnapshot()),
    peak: () => peak,
  };
}

export function serveRequests(handlers: Handlers): void {
  process.on('message', (request: { id: number; type: string }) => {
    const handler = handlers[request.type];
    Promise.resolve()
      .then(() => (handler ? handler() : Promise.reject(new Error(`unknown request ${request.type}`))))
      .then(
        (value) => process.send!({ id: request.id, ok: true, value }),
        (error: Error) => process.send!({ id: request.id, ok: false, value: error.stack ?? String(error) }),
      );
  });
  // An orphaned target (the bench was killed) must not keep its port and files.
  process.on('disconnect', () => process.exit(0));
}

/** The options a target gets as its one command-line argument. */
export function targetOptions<T>(): T {
  return JSON.parse(process.argv[2] ?? '{}') as T;
}
