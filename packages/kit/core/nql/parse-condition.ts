import type { ComparisonOp, Condition, FieldRef, Literal } from './nql-ast.js';
import { NqlSyntaxError, oneOf, unexpected } from './nql-syntax-error.js';
import type { TokenCursor } from './token-cursor.js';
import type { Token } from './tokenize.js';

const OPERATORS = ['==', '=', '!=', '<', '>', '<=', '>=', 'in', '!in'];
const ORDERING = new Set(['<', '>', '<=', '>=']);
/** Parentheses nest at most this deep in one condition. */
const MAX_NQL_NESTING = 32;
/** One `where` holds at most this many comparisons (`and`/`or` chains are compiled recursively). */
const MAX_NQL_COMPARISONS = 256;

interface ConditionState {
  depth: number;
  comparisons: number;
}

/** `or` binds looser than `and`; parentheses group. */
export function parseCondition(cursor: TokenCursor, scope: ReadonlyMap<string, FieldRef>): Condition {
  return parseDisjunction(cursor, scope, { depth: 0, comparisons: 0 });
}

function parseDisjunction(cursor: TokenCursor, scope: ReadonlyMap<string, FieldRef>, state: ConditionState): Condition {
  let left = parseConjunction(cursor, scope, state);
  while (cursor.acceptWord('or')) left = { kind: 'or', left, right: parseConjunction(cursor, scope, state) };
  return left;
}

function parseConjunction(cursor: TokenCursor, scope: ReadonlyMap<string, FieldRef>, state: ConditionState): Condition {
  let left = parsePrimary(cursor, scope, state);
  while (cursor.acceptWord('and')) left = { kind: 'and', left, right: parsePrimary(cursor, scope, state) };
  return left;
}

function parsePrimary(cursor: TokenCursor, scope: ReadonlyMap<string, FieldRef>, state: ConditionState): Condition {
  const open = cursor.peek();
  if (cursor.acceptPunct('(')) {
    if (++state.depth > MAX_NQL_NESTING) {
      throw new NqlSyntaxError(
        `Parentheses nest too deep at column ${open.column}: at most ${MAX_NQL_NESTING} levels`,
        open.text,
        open.column,
      );
    }
    const inner = parseDisjunction(cursor, scope, state);
    cursor.expectPunct(')');
    state.depth--;
    return inner;
  }
  const first = cursor.peek();
  if (++state.comparisons > MAX_NQL_COMPARISONS) {
    throw new NqlSyntaxError(
      `Too many comparisons at column ${first.column}: a where stage holds at most ${MAX_NQL_COMPARISONS}`,
      first.text,
      first.column,
    );
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
