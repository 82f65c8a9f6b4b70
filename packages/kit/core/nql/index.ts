/** NQL over the execution log: tokenizer, parser (a checked syntax tree) and the compiler to SQL. Pure: no I/O. */
export { LOG_FIELDS, LOG_TABLE, RUN_STATUSES, findLogField, type FieldType, type LogField } from './log-fields.js';
export type { NqlQuery, Stage, Condition, FieldRef, Literal, SortKey, ComparisonOp } from './nql-ast.js';
export { NqlSyntaxError } from './nql-syntax-error.js';
export { parseNql } from './parse-nql.js';
export {
  CHANGE_FIELDS,
  CHANGES_TABLE,
  NQL_TABLE,
  NQL_TABLES,
  findNqlTable,
  type NqlField,
  type NqlTable,
} from './nql-tables.js';
export { compileNql, type CompiledNql } from './compile-nql.js';
export { compareNqlValues, evaluateNql } from './evaluate-nql.js';
export { compareCodePoints } from './compare-code-points.js';
export { numberPlaceholders, type SqlDialect, type SqlValue } from './sql-dialect.js';
export { NQL_EXAMPLES } from './nql-examples.js';
