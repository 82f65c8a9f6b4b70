/**
 * The Id index: a table's Ids grow with the row index (base-62 digits sort like their ASCII codes), so
 * `Id` conditions joined by AND to the rest of a WHERE clause (`(…) AND Id >= '…'`, parenthesised AND
 * groups included) narrow the rows scanned to an interval,
 * and `ORDER BY Id` is the table's own order. This is what keeps Id-range (PK-chunked) reads cheap.
 */
import type { Condition, WhereExpression } from './soql-parser.js';
import type { SObjectTable } from './sobject-table.js';

/** Row indices `from` (inclusive) … `to` (exclusive). */
export interface RowInterval {
  readonly from: number;
  readonly to: number;
}

/** The terms joined by AND at the top of a WHERE clause, parenthesised AND groups opened. */
export function conjuncts(where: WhereExpression | null): WhereExpression[] {
  if (!where) return [];
  return where.kind === 'and' ? where.items.flatMap(conjuncts) : [where];
}

function idConditions(where: WhereExpression | null): Condition[] {
  return conjuncts(where).filter(
    (item): item is Condition =>
      item.kind === 'condition' &&
      item.field.text.toLowerCase() === 'id' &&
      ['=', '<', '<=', '>', '>='].includes(item.operator) &&
      item.values[0]?.kind === 'string',
  );
}

/** The first row whose 15-character Id is at least `id15` (or `size`). */
function lowerBound(table: SObjectTable, size: number, id15: string): number {
  let lo = 0;
  let hi = size;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (String(table.id(mid)).slice(0, 15) < id15) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The rows the WHERE clause's top-level `Id` comparisons allow, within the first `size` rows. */
export function idInterval(table: SObjectTable, size: number, where: WhereExpression | null): RowInterval {
  let from = 0;
  let to = size;
  for (const condition of idConditions(where)) {
    const id15 = String(condition.values[0]?.value).slice(0, 15);
    const at = lowerBound(table, size, id15);
    const exact = at < size && String(table.id(at)).slice(0, 15) === id15;
    const after = exact ? at + 1 : at;
    switch (condition.operator) {
      case '=':
        from = Math.max(from, at);
        to = Math.min(to, after);
        break;
      case '>':
        from = Math.max(from, after);
        break;
      case '>=':
        from = Math.max(from, at);
        break;
      case '<':
        to = Math.min(to, at);
        break;
      case '<=':
        to = Math.min(to, after);
        break;
      default:
        break;
    }
  }
  return { from, to: Math.max(from, to) };
}
