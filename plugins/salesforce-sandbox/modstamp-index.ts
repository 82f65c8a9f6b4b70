/**
 * The modstamp index: no generated row was modified after the table's `generatedUntil`, so a top-level
 * condition (joined by AND to the rest of the WHERE clause) `SystemModstamp >= / > / = <datetime>` (or
 * on `LastModifiedDate`) with a bound past it can only match edited rows. The query then scans the edits
 * alone, as the Id index narrows Id ranges: a change read of three million users stays cheap.
 */
import { conjuncts } from './id-index.js';
import type { WhereExpression } from './soql-parser.js';
import { instantOf, type SObjectTable } from './sobject-table.js';

const MODIFIED_FIELDS = new Set(['systemmodstamp', 'lastmodifieddate']);

/** Whether only edited rows of `table` can match `where`. */
export function editedRowsOnly(table: SObjectTable, where: WhereExpression | null): boolean {
  const until = table.edits?.generatedUntil;
  if (until === undefined) return false;
  return conjuncts(where).some((item) => {
    if (item.kind !== 'condition' || !MODIFIED_FIELDS.has(item.field.text.toLowerCase())) return false;
    const literal = item.values[0];
    if (literal?.kind !== 'datetime') return false;
    const bound = instantOf(String(literal.value));
    if (item.operator === '>') return bound >= until;
    return (item.operator === '>=' || item.operator === '=') && bound > until;
  });
}
