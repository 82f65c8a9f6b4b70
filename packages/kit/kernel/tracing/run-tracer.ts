import type { SpanAttributes, TraceSpan } from '../../core/index.js';

/**
 * The host's tracer, when tracing is configured: it opens each run's span, in whose asynchronous
 * context every `traceSpan` of the run (its stages, the HTTP client's requests, a plugin's own spans)
 * opens a child.
 */
export interface RunTracer {
  /** Runs `fn` in a new trace's root span, named `name`; the span ends when `fn` settles. */
  root<T>(name: string, attributes: SpanAttributes, fn: (span: TraceSpan) => Promise<T>): Promise<T>;
  /** Exports what is still buffered and stops: the host's `close`. */
  shutdown(): Promise<void>;
}
