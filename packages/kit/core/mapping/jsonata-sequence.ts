/**
 * The few pieces of jsonata 2's internal data model that path evaluation depends on, mirrored
 * exactly (see `createSequence`, `isSequence` and `isFunction` in node_modules/jsonata/jsonata.js).
 * A sequence is an array flagged `sequence: true`; arrays that come from the input are not.
 */
export type Sequence = unknown[] & { sequence: true; outerWrapper?: boolean; keepSingleton?: boolean };

type Flagged = { sequence?: unknown; keepSingleton?: unknown; tupleStream?: unknown; cons?: unknown };

export function createSequence(...items: unknown[]): Sequence {
  const sequence = items as Sequence;
  sequence.sequence = true;
  return sequence;
}

export function isSequence(value: unknown): value is Sequence {
  return Array.isArray(value) && (value as Flagged).sequence === true;
}

/** An array jsonata treats as one value rather than flattening it (built by an array constructor). */
export function isConstructedArray(value: unknown[]): boolean {
  return Boolean((value as Flagged).cons);
}

/** jsonata's `isFunction`: a function, or an object marked as a jsonata function or lambda. */
export function isJsonataFunction(value: unknown): boolean {
  if (typeof value === 'function') return true;
  if (!value) return false;
  const marked = value as { _jsonata_function?: unknown; _jsonata_lambda?: unknown };
  return marked._jsonata_function === true || marked._jsonata_lambda === true;
}

/**
 * What jsonata's `evaluate` does with every node's result: an empty sequence becomes `undefined`
 * and a singleton sequence its only item (unless it must keep its array shape).
 */
export function collapseSequence(result: unknown): unknown {
  if (!result || !isSequence(result) || (result as Flagged).tupleStream) return result;
  if (result.length === 0) return undefined;
  if (result.length === 1) return (result as Flagged).keepSingleton ? result : result[0];
  return result;
}
