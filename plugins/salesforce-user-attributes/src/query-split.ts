import type { IdRange } from './id-ranges.js';

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

const CLAUSE_AFTER_WHERE = /\b(with|group\s+by|order\s+by|limit|offset|for\s+(?:view|update|reference))\b/i;

/**
 * The query as a mask of its top level: string literals and the insides of parentheses become spaces
 * (same length), so that keywords are found only where they are clauses.
 */
function topLevelMask(query: string): string {
  let depth = 0;
  let out = '';
  for (let i = 0; i < query.length; i++) {
    const ch = query[i] as string;
    if (ch === "'") {
      const end = endOfLiteral(query, i);
      out += ' '.repeat(end - i + 1);
      i = end;
    } else if (ch === '(') {
      out += depth === 0 ? '(' : ' ';
      depth++;
    } else if (ch === ')') {
      depth = Math.max(0, depth - 1);
      out += depth === 0 ? ')' : ' ';
    } else {
      out += depth === 0 ? ch : ' ';
    }
  }
  return out;
}

function withoutLiterals(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    if (text[i] === "'") {
      const end = endOfLiteral(text, i);
      out += ' '.repeat(end - i + 1);
      i = end;
    } else {
      out += text[i];
    }
  }
  return out;
}

function endOfLiteral(query: string, start: number): number {
  for (let i = start + 1; i < query.length; i++) {
    if (query[i] === '\\') i++;
    else if (query[i] === "'") return i;
  }
  return query.length - 1;
}

const no = (reason: string): QuerySplit => ({ splittable: false, reason });

/**
 * Whether the configured SOQL can be read as Id ranges without changing its answer, and if so how to
 * write the query of one range: the configured WHERE clause (in parentheses) AND the range's Id bounds,
 * ordered by Id. Queries whose meaning a split would change are read sequentially, and the reason says why.
 */
export function splitQuery(query: string): QuerySplit {
  const mask = topLevelMask(query);
  const select = /^\s*select\b/i.exec(mask);
  const from = /\bfrom\s+([A-Za-z_][A-Za-z0-9_]*)/i.exec(mask);
  if (!select || !from) return no('the query has no top-level SELECT … FROM the split could read');
  if (from[1]?.toLowerCase() !== 'user') return no(`the query reads ${from[1]}, not User`);
  const selectList = mask.slice(select[0].length, from.index);
  if (selectList.includes('(') || /\btypeof\b/i.test(selectList))
    return no('its SELECT list has a function, an aggregate or a sub-query');
  const afterFrom = mask.slice(from.index + from[0].length);
  const clause = /\b(group\s+by|having|order\s+by|limit|offset|for\s+(?:view|update|reference))\b/i.exec(afterFrom);
  if (clause) return no(`it has its own ${(clause[1] as string).toUpperCase().replace(/\s+/, ' ')}`);
  const whereAt = /\bwhere\b/i.exec(afterFrom);
  const start = from.index + from[0].length;
  const whereStart = whereAt ? start + whereAt.index : undefined;
  const tailAt = CLAUSE_AFTER_WHERE.exec(afterFrom);
  const tailStart = tailAt ? start + tailAt.index : query.length;
  const head = query.slice(0, whereStart ?? tailStart).trimEnd();
  const where = whereStart === undefined ? '' : query.slice(whereStart + 'where'.length, tailStart).trim();
  const tail = query.slice(tailStart).trim();
  if (/(?:^|[^.\w])id\b/i.test(withoutLiterals(where))) return no('its WHERE clause already filters on Id');
  const fromClause = query.slice(from.index, whereStart ?? tailStart).trim();
  const compose = (conditions: readonly string[], order: string, select = head): string => {
    const all = where === '' ? conditions : [`(${where})`, ...conditions];
    return [select, all.length ? `WHERE ${all.join(' AND ')}` : '', tail, order].filter(Boolean).join(' ');
  };
  return {
    splittable: true,
    rangeQuery: (range) =>
      compose(
        [...(range.from ? [`Id >= '${range.from}'`] : []), ...(range.to ? [`Id < '${range.to}'`] : [])],
        'ORDER BY Id ASC',
      ),
    boundQuery: (order) => compose([], `ORDER BY Id ${order} LIMIT 1`, `SELECT Id ${fromClause}`),
    selectsId: selectList.split(',').some((field) => field.trim().toLowerCase() === 'id'),
  };
}
