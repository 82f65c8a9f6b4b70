/**
 * Parses the SOQL subset the sandbox understands:
 *   SELECT field[, Rel.field …] | COUNT() FROM Object
 *   [WHERE condition {AND|OR condition} — with parentheses and NOT; AND and OR never mixed unparenthesised]
 *   [ORDER BY field [ASC|DESC] [NULLS FIRST|LAST], …] [LIMIT n]
 * Conditions: field = | != | <> | < | <= | > | >= literal, field [NOT] IN (literal, …), field LIKE 'pattern'.
 * Syntax errors are MALFORMED_QUERY with Salesforce's `unexpected token: 'X'` wording and position.
 */
import { soqlError } from './soql-error.js';
import { TokenCursor, type Located } from './token-cursor.js';

export type { Located };

export interface Literal extends Located {
  readonly kind: 'string' | 'number' | 'datetime' | 'boolean' | 'null';
  readonly value: string | boolean | null;
}

type Operator = '=' | '!=' | '<' | '<=' | '>' | '>=' | 'like' | 'in' | 'not in';

export interface Condition {
  readonly kind: 'condition';
  readonly field: Located;
  readonly operator: Operator;
  readonly values: readonly Literal[];
}

export type WhereExpression =
  | Condition
  | { readonly kind: 'and' | 'or'; readonly items: readonly WhereExpression[] }
  | { readonly kind: 'not'; readonly item: WhereExpression };

interface OrderItem {
  readonly field: Located;
  readonly descending: boolean;
  readonly nullsLast: boolean;
}

export interface SoqlQuery {
  readonly soql: string;
  /** `SELECT COUNT()`: the answer is the number of rows, without records (`fields` is empty). */
  readonly count: boolean;
  readonly fields: readonly Located[];
  readonly object: Located;
  readonly where: WhereExpression | null;
  readonly orderBy: readonly OrderItem[];
  readonly limit: number | null;
}

function literal(c: TokenCursor): Literal {
  const token = c.next();
  const lower = token.text.toLowerCase();
  if (token.kind === 'string' || token.kind === 'number' || token.kind === 'datetime')
    return { kind: token.kind, value: token.text, text: token.text, offset: token.offset };
  if (token.kind === 'word' && (lower === 'true' || lower === 'false'))
    return { kind: 'boolean', value: lower === 'true', text: token.text, offset: token.offset };
  if (token.kind === 'word' && lower === 'null')
    return { kind: 'null', value: null, text: token.text, offset: token.offset };
  return c.fail(token);
}

/** `field op literal`, `field LIKE literal` or `field [NOT] IN (literal, …)`. */
function condition(c: TokenCursor): Condition {
  const field = c.name();
  const token = c.peek();
  if (token.kind === 'op') {
    c.next();
    const operator = (token.text === '<>' ? '!=' : token.text) as Operator;
    return { kind: 'condition', field, operator, values: [literal(c)] };
  }
  if (c.acceptKeyword('like')) return { kind: 'condition', field, operator: 'like', values: [literal(c)] };
  const negated = c.acceptKeyword('not');
  c.expectKeyword('in');
  c.expectPunct('(');
  const values = c.list(() => literal(c));
  c.expectPunct(')');
  return { kind: 'condition', field, operator: negated ? 'not in' : 'in', values };
}

/** `NOT term`, a parenthesised expression, or a condition. */
function term(c: TokenCursor): WhereExpression {
  if (c.acceptKeyword('not')) return { kind: 'not', item: term(c) };
  if (c.acceptPunct('(')) {
    const inner = expression(c);
    c.expectPunct(')');
    return inner;
  }
  return condition(c);
}

/** Terms joined by AND, or by OR: never both without parentheses, as in Salesforce. */
function expression(c: TokenCursor): WhereExpression {
  const first = term(c);
  const joiner = c.isKeyword('and') ? 'and' : c.isKeyword('or') ? 'or' : null;
  if (!joiner) return first;
  const items = [first];
  while (c.acceptKeyword(joiner)) items.push(term(c));
  if (c.isKeyword('and') || c.isKeyword('or')) c.fail();
  return { kind: joiner, items };
}

/** `field [ASC|DESC] [NULLS FIRST|LAST]`: nulls come last when descending, unless told. */
function orderItem(c: TokenCursor): OrderItem {
  const field = c.name();
  const descending = c.acceptKeyword('desc') ? true : (c.acceptKeyword('asc'), false);
  let nullsLast = descending;
  if (c.acceptKeyword('nulls')) {
    if (c.acceptKeyword('last')) nullsLast = true;
    else if (c.acceptKeyword('first')) nullsLast = false;
    else c.fail();
  }
  return { field, descending, nullsLast };
}

function orderBy(c: TokenCursor): OrderItem[] {
  if (!c.acceptKeyword('order')) return [];
  c.expectKeyword('by');
  return c.list(() => orderItem(c));
}

function limit(c: TokenCursor): number | null {
  if (!c.acceptKeyword('limit')) return null;
  const token = c.peek();
  if (token.kind !== 'number' || !/^\d+$/.test(token.text)) c.fail();
  c.next();
  return Number(token.text);
}

function checkNoDuplicate(soql: string, fields: readonly Located[]): void {
  const seen = new Set<string>();
  for (const field of fields) {
    const key = field.text.toLowerCase();
    if (seen.has(key))
      throw soqlError('MALFORMED_QUERY', soql, field.offset, `duplicate field selected: ${field.text}`);
    seen.add(key);
  }
}

/** `COUNT()` as the whole SELECT list (another aggregate, such as `COUNT(Id)`, is not understood). */
function countOnly(c: TokenCursor): boolean {
  const open = c.peek(1);
  if (!c.isKeyword('count') || open.kind !== 'punct' || open.text !== '(') return false;
  c.next();
  c.expectPunct('(');
  c.expectPunct(')');
  return true;
}

export function parseSoql(soql: string): SoqlQuery {
  const c = new TokenCursor(soql);
  c.expectKeyword('select');
  const count = countOnly(c);
  const fields = count ? [] : c.list(() => c.name());
  c.expectKeyword('from');
  const object = c.name();
  const where = c.acceptKeyword('where') ? expression(c) : null;
  const query = { soql, count, fields, object, where, orderBy: orderBy(c), limit: limit(c) };
  if (c.peek().kind !== 'eof') c.fail();
  checkNoDuplicate(soql, fields);
  return query;
}
