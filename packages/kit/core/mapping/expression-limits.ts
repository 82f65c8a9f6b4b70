/**
 * Bounds on one jsonata evaluation (the runaway guard). jsonata 2 checks both on entry to every
 * node it evaluates (its `stack` and `timeout` options, errors D1011 and D1012), which is where
 * recursion and loops spend their time, so a breach stops the evaluation within one node.
 */
export interface ExpressionLimits {
  /** Deepest nesting of evaluation steps; about three steps per level of a recursive function. */
  readonly maxDepth: number;
  /** Wall-clock budget of one evaluation, in milliseconds. */
  readonly timeoutMs: number;
}

export const DEFAULT_EXPRESSION_LIMITS: ExpressionLimits = Object.freeze({ maxDepth: 1000, timeoutMs: 250 });

/** Options of `compileExpression` and `compileMapping`. */
export interface CompileExpressionOptions {
  /** Overrides the runaway guard's bounds. */
  readonly limits?: Partial<ExpressionLimits>;
  /** Evaluate even plain paths with jsonata (benchmarks and differential tests). */
  readonly forceJsonata?: boolean;
}

export function resolveLimits(limits: Partial<ExpressionLimits> = {}): ExpressionLimits {
  const resolved = { ...DEFAULT_EXPRESSION_LIMITS, ...limits };
  for (const [name, value] of Object.entries(resolved)) {
    if (!Number.isFinite(value) || value <= 0)
      throw new RangeError(`Expression limit ${name} must be a positive number, got ${value}`);
  }
  return resolved;
}
