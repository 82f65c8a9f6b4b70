import type { IdentifierKind } from '../records.js';
import type { NativeTree } from './native-tree.js';

/**
 * One expression of a mapping plan. A plain path (`isolated: false`) runs natively, in the run's own
 * thread, through the accessor of its `path`. Anything else is `isolated` from the path accessors:
 * when it has one of the common shapes it carries its `native` tree, which the run's own thread
 * evaluates natively too; otherwise jsonata evaluates it in the mapping worker.
 */
export type PlannedExpression =
  | { readonly source: string; readonly isolated: false; readonly path: readonly string[] }
  | { readonly source: string; readonly isolated: true; readonly native?: NativeTree };

export type PlannedField = PlannedExpression & { readonly target: string };

/**
 * A connector's mapping compiled once: which expressions run natively and which in the worker. Plain
 * data (field names, sources, paths), so the run sends it to its mapping worker as it is; nothing has
 * to be parsed again to learn where an expression runs.
 */
export interface MappingPlan {
  readonly identifierKind: IdentifierKind;
  readonly clearMissing: boolean;
  readonly identification: PlannedExpression;
  readonly fields: readonly PlannedField[];
}

/** True when the expression runs natively in the run's own thread: a plain path or a native tree. */
export function runsNatively(planned: PlannedExpression): boolean {
  return !planned.isolated || planned.native !== undefined;
}

/** True when no expression of the plan needs jsonata's interpreter: the mapping never starts a worker. */
export function planIsNative(plan: MappingPlan): boolean {
  return runsNatively(plan.identification) && plan.fields.every(runsNatively);
}
