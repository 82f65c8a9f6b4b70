import type { SpanExporter } from '@opentelemetry/sdk-trace-base';

/** Tracing set up by the program rather than the config (tests): `CreateHostOptions.tracing`. */
export interface TracingOptions {
  /**
   * Where the spans go, each as soon as it ends (an `InMemorySpanExporter` in tests), instead of the
   * OTLP exporter of `tracing.otlp`. Given, the host traces even without `tracing:` in its config.
   */
  readonly exporter?: SpanExporter;
  /** Overrides `tracing.serviceName`. */
  readonly serviceName?: string;
}
