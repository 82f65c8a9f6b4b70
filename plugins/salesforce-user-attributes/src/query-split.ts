import type { IdRange } from './id-ranges.js';
import { composeQuery, queryParts, withoutLiterals } from './query-parts.js';

/** What splitting the configured SOQL into Id ranges found. */
export type QuerySplit =
  | {
      readonly splittable: true;
      readonly rangeQuery: (range: IdRange) => string;
      readonly boundQuery: (order: 'ASC' | 'DESC') => string;
      /** The query selects `Id` itself, so every record it returns carries one. */
      readonly selectsId: boolean;
    }
  | { readonly splittable: false; readonly reason: string };

const no = (reason: string): QuerySplit => ({ splittable: false, reason });

/**
 * Whether the configured SOQL can be read as Id ranges without changing its answer, and if so how to
 * write the query of one range: the configured WHERE clause (in parentheses) AND the range's Id bounds,
 * ordered by Id. Queries whose meaning a split would change are read sequentially, and the reason says why.
 */
export function splitQuery(query: string): QuerySplit {
  const parts = queryParts(query);
  if (!parts) return no('the query has no top-level SELECT … FROM the split could read');
  if (parts.object.toLowerCase() !== 'user') return no(`the query reads ${parts.object}, not User`);
  if (parts.selectHasCall) return no('its SELECT list has a function, an aggregate or a sub-query');
  if (parts.ownClause) return no(`it has its own ${parts.ownClause}`);
  if (/(?:^|[^.\w])id\b/i.test(withoutLiterals(parts.where))) return no('its WHERE clause already filters on Id');
  return {
    splittable: true,
    rangeQuery: (range) =>
      composeQuery(
        parts,
        [...(range.from ? [`Id >= '${range.from}'`] : []), ...(range.to ? [`Id < '${range.to}'`] : [])],
        'ORDER BY Id ASC',
      ),
    boundQuery: (order) => composeQuery(parts, [], `ORDER BY Id ${order} LIMIT 1`, `SELECT Id ${parts.fromClause}`),
    selectsId: parts.selectItems.some((field) => field.toLowerCase() === 'id'),
  };
}
