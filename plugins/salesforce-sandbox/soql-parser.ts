/**
 * Parses the SOQL subset the sandbox understands:
 *   SELECT field[, Rel.field …] FROM Object
 *   [WHERE condition {AND|OR condition} — with parentheses and NOT; AND and OR never mixed unparenthesised]
 *   [ORDER BY field [ASC|DESC] [NULLS FIRST|LAST], …] [LIMIT n]
 * Conditions: field = | != | <> | < | <= | > | >= literal, field [NOT] IN (literal, …), field LIKE 'pattern'.
 * Syntax errors are MALFORMED_QUERY with Salesforce's `unexpected token: 'X'` wording and position.
 */
import { soqlError, unexpectedToken } from './soql-error.js';
import { tokenize, type Token } from './soql-lexer.js';

export interface Located {
  readonly text: string;
  readonly offset: number;
}

export interface Literal extends Located {
  readonly kind: 'string' | 'number' | 'datetime' | 'boolean' | 'null';
  readonly value: string | boolean | null;
}

export type Operator = '=' | '!=' | '<' | '<=' | '>' | '>=' | 'like' | 'in' | 'not in';

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

export interface OrderItem {
  readonly field: Located;
  readonly descending: boolean;
  readonly nullsLast: boolean;
}

export interface SoqlQuery {
  readonly soql: string;
  readonly fields: readonly Located[];
  readonly object: Located;
  readonly where: WhereExpression | null;
  readonly orderBy: readonly OrderItem[];
  readonly limit: number | null;
}

const RESERVED = new Set(['select', 'from', 'where', 'and', 'or', 'not', 'in', 'like', 'order', 'by', 'limit', 'asc', 'desc', 'nulls', 'first', 'last', 'true', 'false', 'null']);

export function parseSoql(soql: string): SoqlQuery {
  const tokens = tokenize(soql);
  let at = 0;
  const peek = (): Token => tokens[at] as Token;
  const fail = (token: Token = peek()): never => {
    throw unexpectedToken(soql, token.offset, token.text);
  };
  const isKeyword = (word: string, token: Token = peek()): boolean => token.kind === 'word' && token.text.toLowerCase() === word;
  const acceptKeyword = (word: string): boolean => (isKeyword(word) ? (at++, true) : false);
  const expectKeyword = (word: string): void => void (acceptKeyword(word) || fail());
  const acceptPunct = (p: string): boolean => (peek().kind === 'punct' && peek().text === p ? (at++, true) : false);
  const expectPunct = (p: string): void => void (acceptPunct(p) || fail());
  const name = (): Located => {
    const token = peek();
    if (token.kind !== 'word' || RESERVED.has(token.text.toLowerCase())) fail();
    at++;
    return { text: token.text, offset: token.offset };
  };

  const literal = (): Literal => {
    const token = peek();
    at++;
    const lower = token.text.toLowerCase();
    if (token.kind === 'string' || token.kind === 'number' || token.kind === 'datetime') return { kind: token.kind, value: token.text, text: token.text, offset: token.offset };
    if (token.kind === 'word' && (lower === 'true' || lower === 'false')) return { kind: 'boolean', value: lower === 'true', text: token.text, offset: token.offset };
    if (token.kind === 'word' && lower === 'null') return { kind: 'null', value: null, text: token.text, offset: token.offset };
    return fail(token);
  };

  const condition = (): Condition => {
    const field = name();
    const token = peek();
    if (token.kind === 'op') {
      at++;
      const operator = (token.text === '<>' ? '!=' : token.text) as Operator;
      return { kind: 'condition', field, operator, values: [literal()] };
    }
    if (acceptKeyword('like')) return { kind: 'condition', field, operator: 'like', values: [literal()] };
    const negated = acceptKeyword('not');
    expectKeyword('in');
    expectPunct('(');
    const values = [literal()];
    while (acceptPunct(',')) values.push(literal());
    expectPunct(')');
    return { kind: 'condition', field, operator: negated ? 'not in' : 'in', values };
  };

  const term = (): WhereExpression => {
    if (acceptKeyword('not')) return { kind: 'not', item: term() };
    if (acceptPunct('(')) {
      const inner = expression();
      expectPunct(')');
      return inner;
    }
    return condition();
  };

  function expression(): WhereExpression {
    const first = term();
    const joiner = isKeyword('and') ? 'and' : isKeyword('or') ? 'or' : null;
    if (!joiner) return first;
    const items = [first];
    while (acceptKeyword(joiner)) items.push(term());
    if (isKeyword('and') || isKeyword('or')) fail();
    return { kind: joiner, items };
  }

  const orderItem = (): OrderItem => {
    const field = name();
    const descending = acceptKeyword('desc') ? true : (acceptKeyword('asc'), false);
    let nullsLast = descending;
    if (acceptKeyword('nulls')) {
      if (acceptKeyword('last')) nullsLast = true;
      else if (acceptKeyword('first')) nullsLast = false;
      else fail();
    }
    return { field, descending, nullsLast };
  };

  expectKeyword('select');
  const fields = [name()];
  while (acceptPunct(',')) fields.push(name());
  expectKeyword('from');
  const object = name();
  const where = acceptKeyword('where') ? expression() : null;
  const orderBy: OrderItem[] = [];
  if (acceptKeyword('order')) {
    expectKeyword('by');
    orderBy.push(orderItem());
    while (acceptPunct(',')) orderBy.push(orderItem());
  }
  let limit: number | null = null;
  if (acceptKeyword('limit')) {
    const token = peek();
    if (token.kind !== 'number' || !/^\d+$/.test(token.text)) fail();
    at++;
    limit = Number(token.text);
  }
  if (peek().kind !== 'eof') fail();

  const seen = new Set<string>();
  for (const field of fields) {
    const key = field.text.toLowerCase();
    if (seen.has(key)) throw soqlError('MALFORMED_QUERY', soql, field.offset, `duplicate field selected: ${field.text}`);
    seen.add(key);
  }
  return { soql, fields, object, where, orderBy, limit };
}
