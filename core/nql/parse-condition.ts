import type { ComparisonOp, Condition, FieldRef, Literal } from './nql-ast.js';
import { NqlSyntaxError, oneOf, unexpected } from './nql-syntax-error.js';
import type { TokenCursor } from './token-cursor.js';
import type { Token } from './tokenize.js';

const OPERATORS = ['==', '=', '!=', '<', '>', '<=', '>=', 'in', '!in'];
const ORDERING = new Set(['<', '>', '<=', '>=']);

/** `or` binds looser than `and`; parentheses group. */
export function parseCondition(cursor: TokenCursor, scope: ReadonlyMap<string, FieldRef>): Condition {
  let left = parseConjunction(cursor, scope);
  while (cursor.acceptWord('or')) left = { kind: 'or', left, right: parseConjunction(cursor, scope) };
  return left;
}

function parseConjunction(cursor: TokenCursor, scope: ReadonlyMap<string, FieldRef>): Condition {
  let left = parsePrimary(cursor, scope);
  while (cursor.acceptWord('and')) left = { kind: 'and', left, right: parsePrimary(cursor, scope) };
  return left;
}

function parsePrimary(cursor: TokenCursor, scope: ReadonlyMap<string, FieldRef>): Condition {
  if (cursor.acceptPunct('(')) {
    const inner = parseCondition(cursor, scope);
    cursor.expectPunct(')');
    return inner;
  }
  const field = cursor.expectField(scope);
  const opToken = cursor.next();
  const op = opToken.kind === 'op' || (opToken.kind === 'word' && opToken.value === 'in') ? opToken.value : '';
  if (!OPERATORS.includes(op)) throw unexpected(opToken, `an operator (${oneOf(OPERATORS)})`);
  if (op === 'in' || op === '!in') {
    cursor.expectPunct('[');
    const values = cursor.list(() => parseLiteral(cursor, field, '=='));
    cursor.expectPunct(']');
    return { kind: 'in', field, negated: op === '!in', values };
  }
  const comparison = (op === '=' ? '==' : op) as ComparisonOp;
  if (ORDERING.has(comparison) && field.type === 'enumeration') {
    throw new NqlSyntaxError(
      `Operator ${op} at column ${opToken.column} does not apply to the enumeration ${field.name}: use ==, !=, in or !in`,
      opToken.text,
      opToken.column,
    );
  }
  return { kind: 'compare', field, op: comparison, value: parseLiteral(cursor, field, comparison) };
}

/** A value of the field's type: numbers for numbers, quoted text for strings and datetimes, words or text for enumerations. */
function parseLiteral(cursor: TokenCursor, field: FieldRef, op: ComparisonOp): Literal {
  const token = cursor.peek();
  const wrong = (expected: string) => unexpected(token, `${expected} for ${field.name}`);
  if (field.type === 'number') {
    if (token.kind !== 'number') throw wrong('a number');
    cursor.next();
    return { kind: 'number', value: Number(token.value) };
  }
  const isText = token.kind === 'string' || (token.kind === 'word' && field.type === 'enumeration');
  if (!isText) throw wrong(field.type === 'enumeration' ? `one of ${oneOf(field.values ?? [])}` : 'a quoted string');
  cursor.next();
  const pattern = (op === '==' || op === '!=') && /[*?]/.test(token.value);
  if (field.type === 'enumeration') return enumerationLiteral(token, field, pattern);
  if (field.type === 'datetime' && !pattern) return { kind: 'text', value: datetime(token, field), pattern };
  return { kind: 'text', value: token.value, pattern };
}

function enumerationLiteral(token: Token, field: FieldRef, pattern: boolean): Literal {
  const value = token.value.toLowerCase();
  if (!pattern && !field.values?.includes(value)) {
    throw new NqlSyntaxError(
      `Unknown ${field.name} ${JSON.stringify(token.text)} at column ${token.column}: expected ${oneOf(field.values ?? [])}`,
      token.text,
      token.column,
    );
  }
  return { kind: 'text', value, pattern };
}

/** A datetime literal as stored: ISO 8601 in UTC. */
function datetime(token: Token, field: FieldRef): string {
  const ms = Date.parse(token.value);
  if (Number.isNaN(ms)) {
    throw new NqlSyntaxError(
      `Invalid date ${token.text} at column ${token.column} for ${field.name}: expected ISO 8601, e.g. "2026-11-25T08:00:00Z"`,
      token.text,
      token.column,
    );
  }
  return new Date(ms).toISOString();
}
