import type { IdentifierKind } from '../records.js';

/**
 * One expression of a mapping plan. A plain path runs natively, in the run's own thread, through the
 * accessor of its `path`; anything else is `isolated`: evaluated by jsonata in the mapping worker.
 */
export type PlannedExpression =
  | { readonly source: string; readonly isolated: false; readonly path: readonly string[] }
  | { readonly source: string; readonly isolated: true };

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

/** True when no expression of the plan needs jsonata's interpreter: the mapping never starts a worker. */
export function planIsNative(plan: MappingPlan): boolean {
  return !plan.identification.isolated && plan.fields.every((f) => !f.isolated);
}
