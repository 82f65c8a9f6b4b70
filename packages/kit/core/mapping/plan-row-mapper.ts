import { nativeExpression, nativeTreeExpression } from './compile-expression.js';
import { rowMapperOf, type CompiledRowMapper } from './compiled-row-mapper.js';
import type { MappingPlan, PlannedExpression } from './mapping-plan.js';
import type { CompiledExpression } from './row-mapper.js';

/**
 * The row mapper of a plan. Native expressions become accessors of their path or closures of their
 * tree, with nothing for jsonata to compile; each other one is handed to `isolated`, once: the mapping
 * worker compiles it there with jsonata, the run's own thread (which never evaluates it) gives a
 * placeholder.
 */
export function planRowMapper(plan: MappingPlan, isolated: (source: string) => CompiledExpression): CompiledRowMapper {
  const expressionOf = (planned: PlannedExpression): CompiledExpression => {
    if (!planned.isolated) return nativeExpression(planned.source, planned.path);
    return planned.native ? nativeTreeExpression(planned.source, planned.native) : isolated(planned.source);
  };
  return rowMapperOf(
    plan.identifierKind,
    plan.clearMissing,
    expressionOf(plan.identification),
    plan.fields.map((f) => ({ target: f.target, expression: expressionOf(f) })),
  );
}
