import type { Logger } from '../../core/index.js';
import type { TracingSettings } from '../config/tracing-schema.js';
import type { RunTracer } from './run-tracer.js';
import type { TracingOptions } from './tracing-options.js';

/** What tracing takes from its host. */
export interface TracingHost {
  readonly logger: Logger;
  /** Hides the host's secrets (in a failed span's message). */
  readonly redactor: { redact(text: string): string };
  /** Adds a value to hide: the collector's header values are secrets. */
  readonly addSecret: (value: string) => void;
  /** For the standard `OTEL_*` variables. Default: the process's. */
  readonly env?: NodeJS.ProcessEnv;
}

/**
 * The host's tracer, or `undefined` when neither the config (`tracing:`) nor the program (an
 * exporter) asks for one. Only then is the OpenTelemetry SDK loaded: an untraced host loads none of it,
 * and `traceSpan` costs it one property read.
 */
export async function startTracing(
  settings: TracingSettings | undefined,
  options: TracingOptions | undefined,
  host: TracingHost,
): Promise<RunTracer | undefined> {
  if (settings === undefined && options?.exporter === undefined) return undefined;
  const env = host.env ?? process.env;
  for (const value of Object.values(settings?.otlp?.headers ?? {})) host.addSecret(value);
  const { createOtelTracer } = await import('./otel-tracer.js');
  const exporter =
    options?.exporter ?? (await import('./otlp-exporter.js')).otlpExporter(settings?.otlp, host.logger, env);
  return createOtelTracer({
    exporter,
    batch: options?.exporter === undefined,
    serviceName: options?.serviceName ?? settings?.serviceName ?? env['OTEL_SERVICE_NAME'] ?? 'tributary',
    redact: (text) => host.redactor.redact(text),
  });
}
