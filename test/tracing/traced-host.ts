import type { InMemorySpanExporter, ReadableSpan } from '@opentelemetry/sdk-trace-base';
import type { Plugin } from 'tributary-kit';
import { createHost, type Host } from 'tributary-kit/internal/kernel/create-host.js';
import { memoryLogger, type MemoryLogger } from 'tributary-kit/internal/testing/memory-logger.js';
import { recordingListener } from 'tributary-kit/internal/testing/recording-listener.js';
import { testHostSetup } from '../../host/testing/builtin-test-host.js';

/** A test host (in-memory stores, the built-ins) whose spans go to `exporter`. */
export async function tracedHost(
  config: unknown,
  plugins: readonly Plugin[],
  exporter: InMemorySpanExporter | undefined,
  env: NodeJS.ProcessEnv = {},
): Promise<{ host: Host; logger: MemoryLogger }> {
  const logger = memoryLogger();
  const setup = await testHostSetup({ config, plugins, env }, recordingListener(), logger);
  const host = await createHost({ ...setup, ...(exporter ? { tracing: { exporter } } : {}) });
  return { host, logger };
}

/** The finished spans as a tree: each span's children by name, for assertions on the shape. */
export class SpanTree {
  constructor(readonly spans: readonly ReadableSpan[]) {}

  named(name: string): ReadableSpan[] {
    return this.spans.filter((s) => s.name === name);
  }

  /** The one span named `name` (fails when there are none or several). */
  one(name: string): ReadableSpan {
    const found = this.named(name);
    if (found.length !== 1) throw new Error(`${found.length} spans named ${name}: ${this.names().join(', ')}`);
    return found[0]!;
  }

  childrenOf(parent: ReadableSpan): ReadableSpan[] {
    const id = parent.spanContext().spanId;
    return this.spans.filter((s) => s.parentSpanContext?.spanId === id);
  }

  parentOf(span: ReadableSpan): ReadableSpan | undefined {
    const id = span.parentSpanContext?.spanId;
    return this.spans.find((s) => s.spanContext().spanId === id);
  }

  names(): string[] {
    return this.spans.map((s) => s.name);
  }
}
