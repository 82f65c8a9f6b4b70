import type { MappingPlan } from '../../core/index.js';
import { isolatedExpression } from '../../core/mapping/compile-expression.js';
import type { CompiledRowMapper } from '../../core/mapping/compiled-row-mapper.js';
import { planRowMapper } from '../../core/mapping/plan-row-mapper.js';
import type { MappingWorkerData } from './mapping-protocol.js';

/**
 * The mapping worker's row mapper: each isolated expression of the plan compiled once, under the
 * runaway guard's limits; native ones are accessors of their path. `fieldExpressions` serve `check`.
 */
export function workerRowMapper(plan: MappingPlan, limits: MappingWorkerData['limits']): CompiledRowMapper {
  return planRowMapper(plan, (source) => isolatedExpression(source, limits));
}
