import type { Metrics } from './metrics.js';

/** One Metrics call, as it travels from the pipeline thread to the registry /metrics serves. */
export interface MetricCall {
  metric: keyof Metrics;
  args: Array<string | number>;
}

const METHODS: ReadonlySet<string> = new Set<keyof Metrics>([
  'messageReceived',
  'messageRefused',
  'messageAnswered',
  'pipelineLatency',
  'bookingMade',
  'llmCall',
  'llmFallback',
  'calendarError',
  'messageFailed',
  'handedOff',
  'holdConflict',
  'webhookAttempt',
]);

/** A Metrics port whose every call is handed to `send` (a thread's postMessage). */
export function forwardedMetrics(send: (call: MetricCall) => void): Metrics {
  const forward =
    (metric: keyof Metrics) =>
    (...args: Array<string | number>) =>
      send({ metric, args });
  return Object.fromEntries([...METHODS].map((metric) => [metric, forward(metric as keyof Metrics)])) as unknown as Metrics;
}

/** Applies a forwarded call to the real registry; anything that is not a known call is ignored. */
export function applyMetricCall(metrics: Metrics, call: unknown): void {
  if (typeof call !== 'object' || call === null) return;
  const { metric, args } = call as Partial<MetricCall>;
  if (typeof metric !== 'string' || !METHODS.has(metric) || !Array.isArray(args)) return;
  (metrics[metric] as (...values: Array<string | number>) => void)(...args);
}
