import type { SqlDialect } from '../../../core/index.js';

/** SQLite: `nql_fold` is a JavaScript function the store registers, `GLOB` matches. */
export const sqliteDialect: SqlDialect = Object.freeze({
  table: 'inbound_connector_logs',
  fold: (expression: string) => `nql_fold(${expression})`,
  // GLOB: `*` and `?` are the wildcards already; `[` would open a character class, so quote it.
  match: (folded: string, pattern: string) => ({ sql: `(${folded} GLOB ?)`, param: pattern.replaceAll('[', '[[]') }),
  // SQLite 3.53 orders the groups of a subquery that was sorted and limited on the grouping column in
  // that subquery's direction, whatever the ORDER BY says; an expression (`+column`) makes it sort.
  groupedOrderTerm: (term: string) => `+${term}`,
  finish: (sql: string) => sql,
});
