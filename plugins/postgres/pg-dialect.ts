import { numberPlaceholders, type SqlDialect, type SqlValue } from 'tributary-kit';
import { CLUSTER_SCHEMA } from './schema.js';

/** `*` and `?` of an NQL pattern as LIKE wildcards; LIKE's own `%`, `_` and the escape character quoted. */
function likePattern(pattern: string): string {
  return pattern
    .replace(/[\\%_]/g, (c) => `\\${c}`)
    .replaceAll('*', '%')
    .replaceAll('?', '_');
}

/** Integers bind as bigint (a LIMIT, a row count), other numbers as numeric, text as text. */
function cast(value: SqlValue): string {
  if (typeof value === 'string') return '::text';
  return Number.isInteger(value) ? '::bigint' : '::numeric';
}

/**
 * PostgreSQL: the log's text columns use the "C" collation (byte order, as SQLite's BINARY), and
 * `nql_fold` lower-cases with full Unicode case mapping (see schema.ts), as JavaScript does.
 */
export const postgresDialect: SqlDialect = Object.freeze({
  table: `${CLUSTER_SCHEMA}.inbound_connector_logs`,
  qualify: (table: string) => `${CLUSTER_SCHEMA}.${table}`,
  fold: (expression: string) => `${CLUSTER_SCHEMA}.nql_fold(${expression})`,
  match: (folded: string, pattern: string) => ({ sql: `(${folded} LIKE ? ESCAPE '\\')`, param: likePattern(pattern) }),
  finish: (sql: string, params: readonly SqlValue[]) => numberPlaceholders(sql, params, cast),
});
