import { compileExpression, type CompiledExpression } from 'tributary-kit';
import type { RestJsonParameters } from './parameters.js';

/** The JSONata expressions of one connector, compiled once. */
export interface PageExpressions {
  readonly records: CompiledExpression;
  readonly total: CompiledExpression | undefined;
  /** `nextPath` or `cursorPath`, depending on the pagination style. */
  readonly next: CompiledExpression | undefined;
}

/** Compiles the connector's expressions; throws a ConfigError (InvalidExpressionError) naming jsonata's complaint. */
export function compilePageExpressions(parameters: RestJsonParameters): PageExpressions {
  const { pagination } = parameters;
  const next =
    pagination.style === 'next-link'
      ? pagination.nextPath
      : pagination.style === 'cursor'
        ? pagination.cursorPath
        : undefined;
  return {
    records: compileExpression(parameters.recordsPath),
    total: parameters.totalPath === undefined ? undefined : compileExpression(parameters.totalPath),
    next: next === undefined ? undefined : compileExpression(next),
  };
}

/** Evaluates an expression that may be native (synchronous) or jsonata (a Promise). */
export async function evaluate(expression: CompiledExpression, body: unknown): Promise<unknown> {
  return expression.native ? expression.evaluate(body) : await expression.evaluate(body);
}

/** A whole number of 0 or more from the `totalPath` expression over a page body, else undefined. */
export async function totalOf(expression: CompiledExpression | undefined, body: unknown): Promise<number | undefined> {
  if (!expression) return undefined;
  const value = Number(await evaluate(expression, body));
  return Number.isInteger(value) && value >= 0 ? value : undefined;
}
