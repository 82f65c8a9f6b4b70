/** A value bound to a compiled query's placeholder. */
export type SqlValue = string | number;

/**
 * What differs between the SQL engines an execution-log store runs compiled NQL on. The compiler
 * writes `?` for every parameter and asks the dialect for the rest; the store's engine must compare
 * text byte-wise (code-point order, as SQLite's BINARY and PostgreSQL's "C" collation do), so that
 * every store gives the same answers.
 */
export interface SqlDialect {
  /** The log table, qualified as the engine needs it. */
  readonly table: string;
  /** Another table NQL queries (the change ledger's), qualified as the engine needs it; default: as is. */
  qualify?(table: string): string;
  /** Unicode lower-casing of a text expression, the same as JavaScript's `toLowerCase()`. */
  fold(expression: string): string;
  /**
   * A wildcard match of a folded expression against an NQL pattern (`*` any text, `?` one character),
   * itself already folded: the SQL (with one `?` for the pattern) and the value to bind.
   */
  match(folded: string, pattern: string): { readonly sql: string; readonly param: SqlValue };
  /** An `expression ASC|DESC` term ordering a grouped select, rewritten where the engine needs it. */
  groupedOrderTerm?(term: string): string;
  /** The final statement: `?` placeholders turned into the engine's own, typed as the values need. */
  finish(sql: string, params: readonly SqlValue[]): string;
}

/** The `?` of compiled NQL as numbered placeholders: `$1`, `$2`…, each with a cast chosen by `cast`. */
export function numberPlaceholders(
  sql: string,
  params: readonly SqlValue[],
  cast: (value: SqlValue) => string,
): string {
  let index = 0;
  return sql.replace(/\?/g, () => {
    const value = params[index++]!;
    return `$${index}${cast(value)}`;
  });
}
