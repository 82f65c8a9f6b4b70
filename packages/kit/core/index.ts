/**
 * `tributary-kit` (re-exported as `tributary-host/core`): the public contracts every plugin is written against. No I/O lives here.
 */
/** Plugin API 1 tokens (deprecated): API 2 plugins use extension points and service refs. */
export * from './token.js';
export * from './errors/error-category.js';
export * from './errors/tributary-error.js';
export * from './errors/error-classes.js';
export * from './errors/config-problem.js';
export * from './records.js';
export * from './config-types.js';
export * from './run.js';
export * from './run-context.js';
export * from './logger.js';
export * from './plugin.js';
export * from './plugin-v1.js';
export * from './plugin-api/extension-point.js';
export * from './plugin-api/service-ref.js';
export * from './plugin-api/plugin-env.js';
export * from './plugin-api/extension-points.js';
export * from './plugin-api/core-services.js';
export * from './credential-type.js';
export * from './credential-url.js';
export * from './connector-template.js';
export * from './source-field.js';
export * from './user-preview.js';
export * from './ledger/change-action.js';
export * from './ledger/change-ledger.js';
export { ledgerStageFinished } from './ledger/ledger-stage-finished.js';
export {
  ledgerPageQueries,
  toLedgerEntry,
  toRunChanges,
  type LedgerRow,
  type SummaryRow,
} from './ledger/ledger-rows.js';
export * from './control/actor.js';
export * from './control/control-store.js';
export {
  toAuditEntry,
  toHeldRun,
  toLiveRun,
  toLiveTextRow,
  type AuditRow,
  type HeldRow,
  type LiveRow,
} from './control/control-rows.js';
export * from './control/hold-config.js';
export * from './control/quarantine.js';
export * from './control/connector-health.js';
export * from './control/notification.js';
export * from './sink-type.js';
export * from './sync/sync-config.js';
export * from './sync/sync-read.js';
export * from './sync/sync-state-store.js';
export { decideSyncRead } from './sync/decide-sync-read.js';
export { shrinks, type ShrinkLimits } from './shrinks.js';
export * from './execution-listener.js';
export * from './execution-history.js';
export * from './execution-log-store.js';
export * from './run-coordinator.js';
export * from './user-attribute-reader.js';
export * from './nql/index.js';
export { queryLogs, DEFAULT_NQL } from './query-logs.js';
export * from './cli-command.js';
export * from './http-route.js';
export * from './operations.js';
export * from './host-context.js';
export * from './http-client.js';
export { traceSpan, type SpanAttributes, type SpanAttributeValue, type TraceSpan } from './trace-span.js';
export * from './problem-log.js';
export * from './redactor.js';
export * from './describe-error.js';
export * from './mapping/row-mapper.js';
export { compileExpression } from './mapping/compile-expression.js';
export { compileMapping } from './mapping/compile-mapping.js';
export { compileMappingPlan } from './mapping/compile-mapping-plan.js';
export { planIsNative, type MappingPlan, type PlannedExpression, type PlannedField } from './mapping/mapping-plan.js';
export {
  DEFAULT_EXPRESSION_LIMITS,
  type CompileExpressionOptions,
  type ExpressionLimits,
} from './mapping/expression-limits.js';
export { InvalidExpressionError } from './mapping/guarded-jsonata.js';
export { formatCount, plural } from './format-count.js';
export { closestName } from './closest-name.js';
export { csvField } from './csv-field.js';
export { escapeCharacters } from './escape-characters.js';
export { isStorableText, storableText } from './storable-text.js';
