import { jsonata } from './jsonata-library.js';

/** A jsonata environment frame: `lookup` walks up to jsonata's own static frame of built-ins. */
interface Frame {
  lookup(name: string): unknown;
}

/** The hook jsonata calls, synchronously, whenever it creates a frame below one that binds it. */
const FRAME_PUSH = Symbol.for('jsonata.__createFrame_push');

/**
 * jsonata's own environment of an expression (its built-ins, `$now` and `$millis` included), taken
 * from jsonata itself rather than from a list kept here: evaluation creates its frame synchronously,
 * and the frame-push hook hands over the parent. Undefined if a jsonata version stops calling it
 * (then no name is reported unknown; `jsonata-builtins.spec.ts` fails on such an upgrade).
 */
function captureEnvironment(): Frame | undefined {
  const expression = jsonata('$');
  let environment: Frame | undefined;
  expression.assign(FRAME_PUSH as unknown as string, (parent: Frame) => void (environment ??= parent));
  expression.evaluate(undefined).catch(() => undefined);
  return environment;
}

let environment: Frame | undefined | null = null;

/** True when `name` (without `$`) is a function jsonata itself provides, such as `lowercase`. */
export function isJsonataFunction(name: string): boolean {
  if (environment === null) environment = captureEnvironment();
  if (environment === undefined) return true;
  return typeof environment.lookup(name) === 'object' || typeof environment.lookup(name) === 'function';
}

const NAME_CHARS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_';

/**
 * The built-ins one edit away from `name` (a letter missing, extra, replaced, or two swapped):
 * `lowercas` → `lowercase`. Found by asking jsonata about each neighbour, so no list is kept here.
 */
export function nearestJsonataFunctions(name: string): string[] {
  const found = new Set<string>();
  const probe = (candidate: string): void => {
    if (candidate !== name && candidate !== '' && isJsonataFunction(candidate)) found.add(candidate);
  };
  for (let i = 0; i <= name.length; i++) {
    const head = name.slice(0, i);
    const tail = name.slice(i);
    if (i < name.length) probe(head + tail.slice(1));
    if (i + 1 < name.length) probe(head + tail[1] + tail[0] + tail.slice(2));
    for (const c of NAME_CHARS) {
      probe(head + c + tail);
      if (i < name.length) probe(head + c + tail.slice(1));
    }
  }
  return [...found].sort();
}
