import { RowError } from '../errors/error-classes.js';
import { isTributaryError } from '../errors/tributary-error.js';
import type { ExpressionLimits } from './expression-limits.js';

/**
 * Turns whatever a jsonata evaluation threw (jsonata throws plain `{ code, message }` objects, and
 * JavaScript errors can surface from built-in functions) into a RowError, so nothing else escapes.
 */
export function toEvaluationRowError(thrown: unknown, limits: ExpressionLimits): RowError {
  if (thrown instanceof RowError) return thrown;
  const { code, message } = describe(thrown);
  if (code === 'D1011' || (thrown instanceof RangeError && /call stack/i.test(message))) {
    return new RowError(
      'MAPPING_RUNAWAY',
      `evaluation stopped: it nested deeper than ${limits.maxDepth} steps (runaway recursion? make the recursion bounded or tail-recursive)`,
      { cause: thrown },
    );
  }
  if (code === 'D1012') {
    return new RowError(
      'MAPPING_RUNAWAY',
      `evaluation stopped: it ran longer than ${limits.timeoutMs} ms (runaway loop? bound the range or the iteration)`,
      { cause: thrown },
    );
  }
  const details = code === undefined ? undefined : { jsonataCode: code };
  return new RowError('MAPPING_EVALUATION_FAILED', code === 'T1006' ? nameTheFunction(message, thrown) : message, {
    cause: thrown,
    details,
  });
}

/** jsonata's "Attempted to invoke a non-function" does not say which: its `token` does. */
function nameTheFunction(message: string, thrown: unknown): string {
  const token = (thrown as { token?: unknown }).token;
  return typeof token === 'string' && token !== '' ? `${message}: $${token} is not a function` : message;
}

function describe(thrown: unknown): { code?: string; message: string } {
  if (isTributaryError(thrown)) return { code: thrown.code, message: thrown.message };
  if (typeof thrown === 'object' && thrown !== null) {
    const { code, message } = thrown as { code?: unknown; message?: unknown };
    return {
      code: typeof code === 'string' ? code : undefined,
      message: typeof message === 'string' && message !== '' ? message : 'the expression failed',
    };
  }
  return { message: `the expression failed (${String(thrown)})` };
}
