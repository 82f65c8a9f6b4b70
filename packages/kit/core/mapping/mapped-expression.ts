import { messageOf } from '../describe-error.js';
import { RowError } from '../errors/error-classes.js';
import { isTributaryError } from '../errors/tributary-error.js';
import type { CompiledExpression } from './row-mapper.js';

/** A compiled expression together with how row errors name it (`Field "department"`, `Identification`). */
export interface MappedExpression {
  readonly subject: string;
  readonly field?: string;
  readonly expression: CompiledExpression;
}

/** Evaluates a native expression; anything it throws becomes a RowError naming the subject. */
export function evaluateNow(mapped: MappedExpression, record: unknown): unknown {
  try {
    return mapped.expression.evaluate(record);
  } catch (thrown) {
    throw rowFailure(mapped, thrown);
  }
}

/** Evaluates any expression (jsonata's return Promises); rejects only with a RowError naming the subject. */
export async function evaluateLater(mapped: MappedExpression, record: unknown): Promise<unknown> {
  try {
    return await mapped.expression.evaluate(record);
  } catch (thrown) {
    throw rowFailure(mapped, thrown);
  }
}

function rowFailure(mapped: MappedExpression, thrown: unknown): RowError {
  const details: Record<string, string> = mapped.field === undefined ? {} : { field: mapped.field };
  if (isTributaryError(thrown) && thrown.category === 'row') {
    return new RowError(thrown.code, `${mapped.subject}: ${thrown.message}`, {
      cause: thrown,
      details: { ...thrown.details, ...details },
    });
  }
  return new RowError('MAPPING_EVALUATION_FAILED', `${mapped.subject}: evaluation failed: ${messageOf(thrown)}`, {
    cause: thrown,
    details,
  });
}
