/**
 * The configured SOQL taken apart at its top level (string literals and the insides of parentheses are
 * skipped), so that conditions can be added to its WHERE clause without changing anything else:
 * `SELECT … FROM User [WHERE …] [WITH …] [ORDER BY …] …`. The Id-range split (`query-split.ts`) and the
 * change read (`change-query.ts`) write their queries with {@link composeQuery}.
 */

/** What the top level of a query holds, as written. */
export interface QueryParts {
  /** The object after the top-level FROM (`User`). */
  readonly object: string;
  /** The SELECT list's items at its top level, trimmed; a function's or sub-query's insides are blanked. */
  readonly selectItems: readonly string[];
  /** Whether the SELECT list has a function, an aggregate, a sub-query or `TYPEOF`. */
  readonly selectHasCall: boolean;
  /** `SELECT …` up to, without, the top-level FROM. */
  readonly selectClause: string;
  /** `SELECT … FROM …` up to, without, the WHERE clause (or what follows FROM). */
  readonly head: string;
  /** `FROM User [USING SCOPE …]`. */
  readonly fromClause: string;
  /** The WHERE clause's condition, without `WHERE`; empty when there is none. */
  readonly where: string;
  /** What follows the WHERE clause (`WITH SECURITY_ENFORCED`, `ORDER BY …`, …). */
  readonly tail: string;
  /** The first clause after FROM that ranks, limits or groups the rows (`ORDER BY`, `LIMIT`, …), upper-cased. */
  readonly ownClause: string | undefined;
}

const CLAUSE_AFTER_WHERE = /\b(with|group\s+by|order\s+by|limit|offset|for\s+(?:view|update|reference))\b/i;
const OWN_CLAUSE = /\b(group\s+by|having|order\s+by|limit|offset|for\s+(?:view|update|reference))\b/i;

function endOfLiteral(query: string, start: number): number {
  for (let i = start + 1; i < query.length; i++) {
    if (query[i] === '\\') i++;
    else if (query[i] === "'") return i;
  }
  return query.length - 1;
}

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

/** `text` with its string literals blanked (same length). */
export function withoutLiterals(text: string): string {
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

/** The query's top-level parts; undefined when it has no top-level `SELECT … FROM name`. */
export function queryParts(query: string): QueryParts | undefined {
  const mask = topLevelMask(query);
  const select = /^\s*select\b/i.exec(mask);
  const from = /\bfrom\s+([A-Za-z_][A-Za-z0-9_]*)/i.exec(mask);
  if (!select || !from) return undefined;
  const selectList = mask.slice(select[0].length, from.index);
  const start = from.index + from[0].length;
  const afterFrom = mask.slice(start);
  const whereAt = /\bwhere\b/i.exec(afterFrom);
  const whereStart = whereAt ? start + whereAt.index : undefined;
  const tailAt = CLAUSE_AFTER_WHERE.exec(afterFrom);
  const tailStart = tailAt ? start + tailAt.index : query.length;
  const ownClause = OWN_CLAUSE.exec(afterFrom)?.[1];
  return {
    object: from[1] as string,
    selectItems: selectList.split(',').map((item) => item.trim()),
    selectHasCall: selectList.includes('(') || /\btypeof\b/i.test(selectList),
    selectClause: query.slice(0, from.index).trimEnd(),
    head: query.slice(0, whereStart ?? tailStart).trimEnd(),
    fromClause: query.slice(from.index, whereStart ?? tailStart).trim(),
    where: whereStart === undefined ? '' : query.slice(whereStart + 'where'.length, tailStart).trim(),
    tail: query.slice(tailStart).trim(),
    ownClause: ownClause === undefined ? undefined : ownClause.toUpperCase().replace(/\s+/, ' '),
  };
}

/**
 * The query with `conditions` joined by AND to its WHERE clause (its own condition in parentheses
 * first), then its tail and `order`; `select` replaces what precedes the WHERE clause.
 */
export function composeQuery(
  parts: QueryParts,
  conditions: readonly string[],
  order = '',
  select = parts.head,
): string {
  const all = parts.where === '' ? conditions : [`(${parts.where})`, ...conditions];
  return [select, all.length ? `WHERE ${all.join(' AND ')}` : '', parts.tail, order].filter(Boolean).join(' ');
}
