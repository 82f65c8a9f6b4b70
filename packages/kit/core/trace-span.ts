/** A value a span attribute holds; `undefined` leaves the attribute out. */
export type SpanAttributeValue = string | number | boolean | undefined;

/** A span's attributes, by name (`salesforce.bulk_job.id`, `tributary.rows.received`). */
export type SpanAttributes = Readonly<Record<string, SpanAttributeValue>>;

/** The span a traced function runs in. Every method does nothing when tracing is off. */
export interface TraceSpan {
  /** Adds attributes learnt along the way (a job's id, the rows a range held). */
  setAttributes(attributes: SpanAttributes): void;
  /**
   * Marks the span failed without throwing (a job the read went past). A throw from the traced
   * function marks it failed already, with the error's message.
   */
  setError(message: string): void;
}

/** Opens a span around `fn`: what the host installs when tracing is configured. */
export type SpanOpener = <T>(
  name: string,
  attributes: SpanAttributes,
  fn: (span: TraceSpan) => Promise<T>,
) => Promise<T>;

/**
 * Where the host keeps its opener: a registered symbol on the global object, so that every copy of
 * this module in the process (a plugin that bundles its own) finds the same one.
 */
const OPENER = Symbol.for('tributary.trace-span-opener');

type WithOpener = { [OPENER]?: SpanOpener };

/** The span given to `fn` where nothing is traced: its methods do nothing. */
export const UNTRACED_SPAN: TraceSpan = Object.freeze({ setAttributes: () => undefined, setError: () => undefined });

/**
 * Runs `fn` in a child span of the current one: the run's, or the span of an enclosing `traceSpan`
 * (the current span follows the asynchronous context, so the host's HTTP requests made inside `fn`
 * become children of this span). Outside a traced run, or when tracing is off, it only calls `fn`.
 * A throw from `fn` marks the span failed and is thrown on. Keep `name` a constant (`salesforce.id_range`)
 * and put what varies in `attributes`.
 */
export function traceSpan<T>(
  name: string,
  attributes: SpanAttributes,
  fn: (span: TraceSpan) => Promise<T>,
): Promise<T> {
  const open = (globalThis as WithOpener)[OPENER];
  return open ? open(name, attributes, fn) : fn(UNTRACED_SPAN);
}

/** The host's side: installs the opener `traceSpan` uses (once tracing is configured). */
export function installSpanOpener(opener: SpanOpener): void {
  (globalThis as WithOpener)[OPENER] = opener;
}
