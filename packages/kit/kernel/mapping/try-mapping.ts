import { performance } from 'node:perf_hooks';
import {
  DEFAULT_LIMITS,
  planIsNative,
  type ConnectorConfig,
  type LimitsConfig,
  type SourceRecord,
} from '../../core/index.js';
import { checkRow, type CheckRow } from './check-row.js';
import { inProcessRowMapper } from './in-process-row-mapper.js';
import { IsolatedEvaluator } from './isolated-evaluator.js';
import { mappingPlanOf } from './mapping-plan-of.js';

/**
 * The mapping tried on each record through its plan, as `check` and `preview` report it
 * ({@link checkRow}). A mapping that is not all native runs in the mapping worker, like a run's, so
 * that a runaway expression cannot hold the process (a `check` or a preview asked through `serve`'s
 * API runs inside the server); a row the worker had to be stopped on gives its error alone.
 */
export async function tryMapping(
  limits: LimitsConfig,
  connector: ConnectorConfig,
  records: readonly SourceRecord[],
  signal: AbortSignal,
): Promise<CheckRow[]> {
  const plan = mappingPlanOf(connector.mapping);
  if (planIsNative(plan)) {
    const mapper = inProcessRowMapper(plan);
    const rows: CheckRow[] = [];
    for (const record of records) rows.push(await checkRow(mapper, mapper.fieldExpressions, record));
    return rows;
  }
  const expressionTimeoutMs = limits.expressionTimeoutMs ?? DEFAULT_LIMITS.expressionTimeoutMs;
  const memoryLimitMb = limits.mappingMemoryMb ?? DEFAULT_LIMITS.mappingMemoryMb;
  const evaluator = new IsolatedEvaluator({ plan, expressionTimeoutMs, memoryLimitMb, signal });
  const budgetMs = limits.mappingBatchTimeoutMs ?? DEFAULT_LIMITS.mappingBatchTimeoutMs;
  try {
    const outcomes = await evaluator.evaluate('check', records, 1 + 2 * plan.fields.length, {
      deadline: performance.now() + budgetMs,
      budgetMs,
    });
    return outcomes.map((o) =>
      o.ok
        ? (o.value as CheckRow)
        : {
            identifier: undefined,
            fields: undefined,
            error: o.message,
            errorCode: o.code,
            resolved: plan.fields.map(() => false),
          },
    );
  } finally {
    await evaluator.close();
  }
}
