import {
  collapseSequence,
  createSequence,
  isConstructedArray,
  isJsonataFunction,
  isSequence,
  type Sequence,
} from './jsonata-sequence.js';

/**
 * A synchronous accessor for a plain path that returns exactly what `jsonata(path).evaluate(input)`
 * resolves to. The general case is a line-by-line port of the code jsonata 2 runs for a path made
 * only of name steps (`evaluate` → `evaluatePath` → `evaluateStep` → `evaluateName` → `lookup`);
 * the fast case walks plain objects and hands over to the port as soon as it meets an array.
 */
export type PathAccessor = (input: unknown) => unknown;

const hasOwn = Object.prototype.hasOwnProperty;

/** jsonata's `lookup`: a property of an object, mapped over arrays and flattened one level. */
function lookup(input: unknown, key: string): unknown {
  if (Array.isArray(input)) {
    const result = createSequence();
    for (let i = 0; i < input.length; i++) {
      const value = lookup(input[i], key);
      if (value !== undefined) {
        if (Array.isArray(value)) value.forEach((item) => result.push(item));
        else result.push(value);
      }
    }
    return result;
  }
  if (input !== null && typeof input === 'object' && hasOwn.call(input, key) && !isJsonataFunction(input)) {
    return (input as Record<string, unknown>)[key];
  }
  return undefined;
}

/** jsonata's `evaluateStep` for a name step. */
function evaluateStep(key: string, input: readonly unknown[], lastStep: boolean): unknown[] {
  const result = createSequence();
  for (let i = 0; i < input.length; i++) {
    const value = collapseSequence(lookup(input[i], key));
    if (value !== undefined) result.push(value);
  }
  if (lastStep && result.length === 1 && Array.isArray(result[0]) && !isSequence(result[0])) {
    return result[0];
  }
  const flattened = createSequence();
  result.forEach((value) => {
    if (!Array.isArray(value) || isConstructedArray(value)) flattened.push(value);
    else value.forEach((item) => flattened.push(item));
  });
  return flattened;
}

/** jsonata's top-level `evaluate` of a path of name steps, including its array wrapping. */
export function evaluatePlainPath(keys: readonly string[], input: unknown): unknown {
  let inputSequence: unknown[];
  if (Array.isArray(input) && !isSequence(input)) {
    const wrapper: Sequence = createSequence(input);
    wrapper.outerWrapper = true;
    inputSequence = wrapper;
  } else {
    inputSequence = Array.isArray(input) ? input : createSequence(input);
  }
  let resultSequence: unknown[] | undefined;
  for (let i = 0; i < keys.length; i++) {
    resultSequence = evaluateStep(keys[i]!, inputSequence, i === keys.length - 1);
    if (resultSequence.length === 0) break;
    inputSequence = resultSequence;
  }
  return collapseSequence(resultSequence);
}

type Marked = { _jsonata_function?: unknown; _jsonata_lambda?: unknown; sequence?: unknown };

/**
 * The accessor of a one-name path: the fast case below, unrolled. `isJsonataFunction` and
 * `isSequence` are spelled out for an object, as they read for one.
 */
function createNameAccessor(keys: readonly string[]): PathAccessor {
  const key = keys[0]!;
  return (input) => {
    if (input === null || typeof input !== 'object') return undefined;
    if (Array.isArray(input)) return evaluatePlainPath(keys, input);
    if (!hasOwn.call(input, key)) return undefined;
    const marked = input as Marked;
    if (marked._jsonata_function === true || marked._jsonata_lambda === true) return undefined;
    const value = (input as Record<string, unknown>)[key];
    return value !== null && typeof value === 'object' && (value as Marked).sequence === true
      ? evaluatePlainPath(keys, input)
      : value;
  };
}

/**
 * The accessor used on the hot path. While every value met is a plain object (or the path ends on a
 * scalar, `null`, `undefined` or an input array), jsonata's result is simply the property read, so
 * it is returned straight away; anything involving a sequence goes through the full port.
 */
export function createPathAccessor(keys: readonly string[]): PathAccessor {
  const frozen = Object.freeze([...keys]);
  const last = frozen.length - 1;
  if (last === 0) return createNameAccessor(frozen);
  return (input) => {
    let value = input;
    for (let i = 0; i <= last; i++) {
      if (value === null || typeof value !== 'object') return undefined;
      if (Array.isArray(value)) return evaluatePlainPath(frozen, input);
      const key = frozen[i]!;
      if (!hasOwn.call(value, key) || isJsonataFunction(value)) return undefined;
      value = (value as Record<string, unknown>)[key];
    }
    return isSequence(value) ? evaluatePlainPath(frozen, input) : value;
  };
}
