/**
 * The modstamp index: a generated row's modstamps grow with its place in the table (users are created in
 * table order, and modified within a bounded time after), and no generated row was modified after
 * 2026-01-01. A top-level condition (joined by AND to the rest of the WHERE clause) `SystemModstamp`
 * (or `LastModifiedDate`) `>= / > / = <datetime>` therefore leaves, of the generated rows, only a tail of
 * the table (none past 2026-01-01), and elsewhere only the edited rows: the query scans those, as the Id
 * index narrows Id ranges. A change read of three million users stays cheap.
 */
import { conjuncts } from './id-index.js';
import type { WhereExpression } from './soql-parser.js';
import { instantOf, type SObjectTable } from './sobject-table.js';

const MODIFIED_FIELDS = new Set(['systemmodstamp', 'lastmodifieddate']);
const LOWER_BOUNDS = new Set(['>=', '>', '=']);

/** The latest instant the WHERE clause's top-level modstamp conditions put below every matching row, if any. */
function modstampLowerBound(where: WhereExpression | null): number | undefined {
  let bound: number | undefined;
  for (const item of conjuncts(where)) {
    if (item.kind !== 'condition' || !MODIFIED_FIELDS.has(item.field.text.toLowerCase())) continue;
    const literal = item.values[0];
    if (!LOWER_BOUNDS.has(item.operator) || literal?.kind !== 'datetime') continue;
    const instant = instantOf(String(literal.value));
    if (!Number.isNaN(instant)) bound = Math.max(bound ?? instant, instant);
  }
  return bound;
}

/** Rows among `from` … `to` a query must scan: the edited ones before `generatedFrom`, then every one from it. */
export interface ModstampScan {
  readonly edited: Int32Array;
  readonly generatedFrom: number;
}

/** What the modstamp index leaves of the rows `from` … `to` for `where` (everything when it cannot narrow). */
export function modstampScan(
  table: SObjectTable,
  where: WhereExpression | null,
  from: number,
  to: number,
): ModstampScan {
  const bound = modstampLowerBound(where);
  const index = table.modstamps;
  if (bound === undefined || index === undefined) return { edited: new Int32Array(0), generatedFrom: from };
  const generatedFrom = Math.min(to, Math.max(from, index.firstGeneratedFrom(bound)));
  return { edited: index.editedIn(from, generatedFrom), generatedFrom };
}
