import { composeQuery, queryParts } from './query-parts.js';

/** The queries an incremental connector reads with, all made from its configured query. */
interface ChangeQueries {
  /** The configured query, selecting `SystemModstamp` and `Id` too (added when it lacks them): what sets the cursor. */
  readonly tracked: string;
  /** `tracked` restricted to the rows modified from `instant` (epoch ms, to the second) on: `SystemModstamp >= …`. */
  changedSince(instant: number): string;
  /** `SELECT COUNT()` of the rows the configured query holds, without a change filter. */
  readonly count: string;
}

/** Why a query cannot be read incrementally, or its change queries. */
export type ChangeQueryPlan =
  | { readonly incremental: true; readonly queries: ChangeQueries }
  | { readonly incremental: false; readonly reason: string };

/** Fields a change read needs in every record: the modstamp the cursor is made of, and its tie-break. */
const CURSOR_FIELDS = ['SystemModstamp', 'Id'];
const AGGREGATE = /\b(?:count|count_distinct|sum|avg|min|max)\s*\(/i;
/** `FIELDS(ALL)` and `FIELDS(STANDARD)` select `SystemModstamp` and `Id` already. */
const STANDARD_FIELDS = /\bfields\s*\(\s*(?:all|standard)\s*\)/i;

/** A SOQL datetime literal, to the second: `2026-03-01T10:00:00Z`. */
export function soqlDateTime(instant: number): string {
  return `${new Date(instant - (((instant % 1000) + 1000) % 1000)).toISOString().slice(0, 19)}Z`;
}

const no = (reason: string): ChangeQueryPlan => ({ incremental: false, reason });

/** What `validate` and a run say of a query an incremental connector cannot read changes of. */
export function notIncrementalMessage(reason: string): string {
  return `sync mode incremental reads the rows changed since the last run (the query's WHERE clause AND SystemModstamp >= …), which this query cannot do: ${reason}. Use sync mode full, or change the query`;
}

/**
 * How the configured query reads changes: its own WHERE clause in parentheses AND `SystemModstamp >=
 * <datetime>`, and counts what it holds with `SELECT COUNT()` and the same WHERE clause. A query whose
 * meaning a change filter would alter is refused: one that ranks, limits or groups its rows (`ORDER BY`,
 * `LIMIT`, `OFFSET`, `GROUP BY`, `HAVING`), aggregates them, reads another object than User, or has no
 * top-level `SELECT … FROM` to add the filter to.
 */
export function changeQueries(query: string): ChangeQueryPlan {
  const parts = queryParts(query);
  if (!parts) return no('the query has no top-level SELECT … FROM a change filter could be added to');
  if (parts.object.toLowerCase() !== 'user') return no(`the query reads ${parts.object}, not User`);
  if (parts.ownClause) return no(`it has its own ${parts.ownClause}, whose rows a change filter would change`);
  if (AGGREGATE.test(parts.selectItems.join(',')))
    return no('its SELECT list has an aggregate function, whose result a change filter would change');
  const selected = (name: string): boolean =>
    STANDARD_FIELDS.test(parts.selectClause) ||
    parts.selectItems.some((item) => item.toLowerCase() === name.toLowerCase());
  const missing = CURSOR_FIELDS.filter((name) => !selected(name));
  const head = missing.length ? `${parts.selectClause}, ${missing.join(', ')} ${parts.fromClause}` : parts.head;
  const tracked = { ...parts, head };
  return {
    incremental: true,
    queries: {
      tracked: composeQuery(tracked, []),
      changedSince: (instant) => composeQuery(tracked, [`SystemModstamp >= ${soqlDateTime(instant)}`]),
      count: composeQuery(parts, [], '', `SELECT COUNT() ${parts.fromClause}`),
    },
  };
}
