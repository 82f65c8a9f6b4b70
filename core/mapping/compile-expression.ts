import type { CompiledExpression } from './row-mapper.js';
import { resolveLimits, type CompileExpressionOptions, type ExpressionLimits } from './expression-limits.js';
import { compileGuarded } from './guarded-jsonata.js';
import { createPathAccessor } from './native-path.js';
import { plainPathOf } from './plain-path.js';
import { assertKnownFunctions } from './unknown-functions.js';

/**
 * Compiles one JSONata expression. Plain paths become native accessors (`native: true`, synchronous,
 * results identical to jsonata's); everything else is evaluated by jsonata under the runaway guard
 * (`native: false`, returns a Promise that rejects with a RowError). Throws InvalidExpressionError
 * (a ConfigError carrying jsonata's message) when the expression does not compile, and
 * UnknownFunctionError when it calls a function that is neither a jsonata built-in nor bound in it.
 */
export function compileExpression(source: string, options: CompileExpressionOptions = {}): CompiledExpression {
  const guarded = compileGuarded(source, resolveLimits(options.limits));
  assertKnownFunctions(guarded.ast);
  const path = options.forceJsonata ? undefined : plainPathOf(guarded.ast);
  if (path) return nativeExpression(source, path);
  return Object.freeze({ source, native: false, evaluate: guarded.evaluate });
}

/** The native accessor of a plain path, already recognised (by a mapping plan): nothing to compile. */
export function nativeExpression(source: string, path: readonly string[]): CompiledExpression {
  return Object.freeze({ source, native: true, path, evaluate: createPathAccessor(path) });
}

/** An expression a mapping plan sends to jsonata, compiled once under the runaway guard's `limits`. */
export function isolatedExpression(source: string, limits: Partial<ExpressionLimits> = {}): CompiledExpression {
  const guarded = compileGuarded(source, resolveLimits(limits));
  return Object.freeze({ source, native: false, evaluate: guarded.evaluate });
}
