import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import type { SpanExporter } from '@opentelemetry/sdk-trace-base';
import type { Logger } from '../../core/index.js';
import type { TracingSettings } from '../config/tracing-schema.js';
import { hostOf } from '../http/send-once.js';

/** `ExportResultCode.SUCCESS` of the OpenTelemetry SDK. */
const EXPORT_SUCCESS = 0;
/** The collector's traces endpoint when neither the config nor the standard variables name one. */
const DEFAULT_TRACES_URL = 'http://localhost:4318/v1/traces';

type OtlpSettings = NonNullable<TracingSettings['otlp']>;

/**
 * The traces endpoint: `tracing.otlp.url` (a URL without a path gets `/v1/traces`), else the standard
 * `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` as it is, else `OTEL_EXPORTER_OTLP_ENDPOINT` with `/v1/traces`,
 * else the local collector's default.
 */
export function tracesUrl(url: string | undefined, env: NodeJS.ProcessEnv): string {
  const withPath = (base: string): string => {
    const parsed = new URL(base);
    if (parsed.pathname === '/') parsed.pathname = '/v1/traces';
    return parsed.href;
  };
  if (url !== undefined) return withPath(url);
  const traces = env['OTEL_EXPORTER_OTLP_TRACES_ENDPOINT']?.trim();
  if (traces) return traces;
  const base = env['OTEL_EXPORTER_OTLP_ENDPOINT']?.trim();
  if (base) return `${base.replace(/\/+$/, '')}/v1/traces`;
  return DEFAULT_TRACES_URL;
}

/**
 * Says when the collector stops accepting spans (once, naming its host, never its headers) and when
 * it accepts them again; the spans of a failed export are dropped, the runs go on.
 */
class LoggedExporter implements SpanExporter {
  #failing = false;

  constructor(
    private readonly inner: SpanExporter,
    private readonly logger: Logger,
    private readonly where: string,
  ) {}

  export(...[spans, done]: Parameters<SpanExporter['export']>): void {
    this.inner.export(spans, (result) => {
      if (result.code !== EXPORT_SUCCESS && !this.#failing) {
        this.#failing = true;
        const why = result.error?.message ?? 'no reason given';
        this.logger.warn(`Tracing: could not export ${spans.length} spans to ${this.where} (${why}): they are dropped`);
      } else if (result.code === EXPORT_SUCCESS && this.#failing) {
        this.#failing = false;
        this.logger.info(`Tracing: ${this.where} accepts spans again`);
      }
      done(result);
    });
  }

  shutdown(): Promise<void> {
    return this.inner.shutdown();
  }

  forceFlush(): Promise<void> {
    return this.inner.forceFlush?.() ?? Promise.resolve();
  }
}

/** The OTLP exporter (HTTP, JSON) of `tracing.otlp`, its failures logged. */
export function otlpExporter(otlp: OtlpSettings | undefined, logger: Logger, env: NodeJS.ProcessEnv): SpanExporter {
  const url = tracesUrl(otlp?.url, env);
  const exporter = new OTLPTraceExporter({
    url,
    headers: { ...otlp?.headers },
    timeoutMillis: otlp?.timeoutMs ?? 10_000,
  });
  return new LoggedExporter(exporter, logger, hostOf(url));
}
