import type { Logger } from 'pino';
import { LlmError, type LlmErrorCode } from './llm/gateway.js';
import type { Understanding } from '../core/understanding.js';
import type { Understander } from './understanding.js';

/** Why the primary engine did not answer, and what answered instead. */
export interface FallbackReport {
  code: LlmErrorCode;
  error: LlmError;
  /** The fallback's answer; `engine` says which engine it was. */
  understanding: Understanding;
}

export interface FallbackUnderstanderOptions {
  primary: Understander;
  fallback: Understander;
  logger: Pick<Logger, 'warn'>;
  /** For counting fallbacks by reason (metrics) or recording them with the message. */
  onFallback?: (report: FallbackReport) => void;
}

/**
 * The model first; when it fails in an expected way (LlmError: timeout, malformed, refused, API
 * error, budget spent) the rules engine answers. Its 'unclear' is passed on as it is: the state
 * machine decides when that goes to a person. Any other error is a bug and is not hidden.
 */
export function createFallbackUnderstander(options: FallbackUnderstanderOptions): Understander {
  return {
    async understand(context) {
      try {
        return await options.primary.understand(context);
      } catch (error) {
        if (!(error instanceof LlmError)) throw error;
        const understanding = await options.fallback.understand(context);
        options.logger.warn(
          { code: error.code, err: error, engine: understanding.engine, intent: understanding.intent },
          'model understanding failed; fallback engine answered',
        );
        options.onFallback?.({ code: error.code, error, understanding });
        return understanding;
      }
    },
  };
}
