import type { CompiledExpression } from './row-mapper.js';
import { resolveLimits, type CompileExpressionOptions, type ExpressionLimits } from './expression-limits.js';
import { compileNativeTree } from './compile-native-tree.js';
import { compileGuarded } from './guarded-jsonata.js';
import { createPathAccessor } from './native-path.js';
import { nativeTreeOf, type NativeTree } from './native-tree.js';
import { plainPathOf } from './plain-path.js';
import { assertKnownFunctions } from './unknown-functions.js';

/**
 * Compiles one JSONata expression. Plain paths become native accessors, and the common shapes
 * (paths and literals combined by `&`, `$lowercase`, `$uppercase`, `$trim`, `$exists`, conditionals,
 * `and`, `or`, equality with a literal) native closures: `native: true`, synchronous, results and
 * errors identical to jsonata's. Everything else is evaluated by jsonata under the runaway guard
 * (`native: false`, returns a Promise that rejects with a RowError). Throws InvalidExpressionError
 * (a ConfigError carrying jsonata's message) when the expression does not compile, and
 * UnknownFunctionError when it calls a function that is neither a jsonata built-in nor bound in it.
 */
export function compileExpression(source: string, options: CompileExpressionOptions = {}): CompiledExpression {
  const limits = resolveLimits(options.limits);
  const guarded = compileGuarded(source, limits);
  assertKnownFunctions(guarded.ast);
  if (!options.forceJsonata) {
    const path = plainPathOf(guarded.ast);
    // jsonata evaluates a path's steps one level below it: a depth bound of 1 stops every path.
    if (path && limits.maxDepth >= 2) return nativeExpression(source, path);
    const tree = nativeTreeOf(guarded.ast, limits.maxDepth);
    if (tree) return nativeTreeExpression(source, tree);
  }
  return Object.freeze({ source, native: false, evaluate: guarded.evaluate });
}

/** The native accessor of a plain path, already recognised (by a mapping plan): nothing to compile. */
export function nativeExpression(source: string, path: readonly string[]): CompiledExpression {
  return Object.freeze({ source, native: true, path, evaluate: createPathAccessor(path) });
}

/** The native closures of a tree, already recognised (by a mapping plan): jsonata compiles nothing. */
export function nativeTreeExpression(source: string, tree: NativeTree): CompiledExpression {
  return Object.freeze({ source, native: true, tree, evaluate: compileNativeTree(tree) });
}

/** An expression a mapping plan sends to jsonata, compiled once under the runaway guard's `limits`. */
export function isolatedExpression(source: string, limits: Partial<ExpressionLimits> = {}): CompiledExpression {
  const guarded = compileGuarded(source, resolveLimits(limits));
  return Object.freeze({ source, native: false, evaluate: guarded.evaluate });
}
