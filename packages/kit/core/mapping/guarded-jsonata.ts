import { jsonata } from './jsonata-library.js';
import type Jsonata from 'jsonata';
import { ConfigError } from '../errors/error-classes.js';
import type { ExpressionLimits } from './expression-limits.js';
import { toEvaluationRowError } from './jsonata-failure.js';

/** A jsonata expression compiled with the runaway guard; evaluation failures reject with a RowError. */
export interface GuardedExpression {
  readonly ast: Jsonata.ExprNode;
  evaluate(input: unknown): Promise<unknown>;
}

/** Thrown when an expression does not compile; the message is jsonata's own. */
export class InvalidExpressionError extends ConfigError {
  constructor(message: string, options: { cause: unknown; position?: number }) {
    super('MAPPING_INVALID_EXPRESSION', message, {
      cause: options.cause,
      details: options.position === undefined ? undefined : { position: options.position },
    });
  }
}

let compilations = 0;

/** How many expressions jsonata has compiled in this thread: tests hold the run to one per expression. */
export function jsonataCompilations(): number {
  return compilations;
}

export function compileGuarded(source: string, limits: ExpressionLimits): GuardedExpression {
  let expression: Jsonata.Expression;
  compilations++;
  try {
    expression = jsonata(source, { stack: limits.maxDepth, timeout: limits.timeoutMs });
  } catch (thrown) {
    const { message, position } = (thrown ?? {}) as { message?: unknown; position?: unknown };
    throw new InvalidExpressionError(typeof message === 'string' ? message : String(thrown), {
      cause: thrown,
      position: typeof position === 'number' ? position : undefined,
    });
  }
  return {
    ast: expression.ast(),
    async evaluate(input) {
      try {
        return await expression.evaluate(input);
      } catch (thrown) {
        throw toEvaluationRowError(thrown, limits);
      }
    },
  };
}
