import {
  ROOT_CONTEXT,
  SpanStatusCode,
  createContextKey,
  trace,
  type Attributes,
  type Context,
  type Span,
  type Tracer,
} from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BasicTracerProvider,
  BatchSpanProcessor,
  SimpleSpanProcessor,
  type SpanExporter,
} from '@opentelemetry/sdk-trace-base';
import { describeError, isTributaryError } from '../../core/index.js';
import {
  UNTRACED_SPAN,
  installSpanOpener,
  type SpanAttributes,
  type SpanOpener,
  type TraceSpan,
} from '../../core/trace-span.js';
import type { RunTracer } from './run-tracer.js';

/**
 * This module is the only one that imports the OpenTelemetry SDK, and it is loaded only when tracing
 * is configured (`startTracing`). One context manager serves every host of the process: a span's
 * context carries the host's tracer, so that each run's spans go to its own host's exporter.
 */
const contexts = new AsyncLocalStorageContextManager().enable();
const HOST_TRACER = createContextKey('tributary.host-tracer');

interface HostTracer {
  readonly tracer: Tracer;
  /** Hides the host's secrets in a failed span's message. */
  readonly redact: (text: string) => string;
}

function attributesOf(attributes: SpanAttributes): Attributes {
  const kept: Attributes = {};
  for (const [name, value] of Object.entries(attributes)) if (value !== undefined) kept[name] = value;
  return kept;
}

function handleOf(span: Span, redact: (text: string) => string): TraceSpan {
  return {
    setAttributes: (attributes) => void span.setAttributes(attributesOf(attributes)),
    setError: (message) => void span.setStatus({ code: SpanStatusCode.ERROR, message: redact(message) }),
  };
}

/** `error.type`: a Tributary error's code, else the error's class. */
function errorType(error: unknown): string {
  if (isTributaryError(error)) return error.code;
  return error instanceof Error ? error.name : typeof error;
}

/** Runs `fn` in a span whose parent is `parent`'s span (none: a new trace); a throw marks the span failed. */
async function inSpan<T>(
  host: HostTracer,
  parent: Context,
  name: string,
  attributes: SpanAttributes,
  fn: (span: TraceSpan) => Promise<T>,
): Promise<T> {
  const span = host.tracer.startSpan(name, { attributes: attributesOf(attributes) }, parent);
  const context = trace.setSpan(parent, span).setValue(HOST_TRACER, host);
  try {
    return await contexts.with(context, () => fn(handleOf(span, host.redact)));
  } catch (error) {
    span.setStatus({ code: SpanStatusCode.ERROR, message: host.redact(describeError(error)) });
    span.setAttribute('error.type', errorType(error));
    throw error;
  } finally {
    span.end();
  }
}

/** `traceSpan` of core: a child of the current span, when the current context belongs to a traced run. */
const openChild: SpanOpener = (name, attributes, fn) => {
  const active = contexts.active();
  const host = active.getValue(HOST_TRACER) as HostTracer | undefined;
  return host ? inSpan(host, active, name, attributes, fn) : fn(UNTRACED_SPAN);
};
installSpanOpener(openChild);

export interface OtelTracerSetup {
  readonly exporter: SpanExporter;
  /** Batch the spans (OTLP); otherwise each span is exported as it ends (a test's in-memory exporter). */
  readonly batch: boolean;
  readonly serviceName: string;
  readonly redact: (text: string) => string;
}

/** The host's tracer on the OpenTelemetry SDK: its own provider, resource (`service.name`) and exporter. */
export function createOtelTracer(setup: OtelTracerSetup): RunTracer {
  const processor = setup.batch ? new BatchSpanProcessor(setup.exporter) : new SimpleSpanProcessor(setup.exporter);
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': setup.serviceName }),
    spanProcessors: [processor],
  });
  const host: HostTracer = { tracer: provider.getTracer('tributary'), redact: setup.redact };
  return {
    root: (name, attributes, fn) => inSpan(host, ROOT_CONTEXT, name, attributes, fn),
    // An export that fails was logged by the exporter; the host's close goes on.
    shutdown: () => provider.shutdown().catch(() => undefined),
  };
}
