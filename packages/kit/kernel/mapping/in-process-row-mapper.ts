import { FatalError, type CompiledExpression, type MappingPlan } from '../../core/index.js';
import type { CompiledRowMapper } from '../../core/mapping/compiled-row-mapper.js';
import { planRowMapper } from '../../core/mapping/plan-row-mapper.js';

/** An isolated expression as the run's own thread holds it: the worker evaluates it, never this thread. */
function inWorkerOnly(source: string): CompiledExpression {
  return {
    source,
    native: false,
    evaluate() {
      throw new FatalError(
        'MAPPING_NOT_NATIVE',
        `The expression ${source} is evaluated in the mapping worker, not in the run's thread`,
      );
    },
  };
}

/**
 * The row mapper of a plan in the run's own thread: native expressions are accessors of their path,
 * nothing is compiled; the isolated ones belong to the mapping worker and are never evaluated here.
 */
export function inProcessRowMapper(plan: MappingPlan): CompiledRowMapper {
  return planRowMapper(plan, inWorkerOnly);
}
