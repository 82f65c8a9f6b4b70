import type { FieldRef, NqlQuery, SortKey, Stage } from './nql-ast.js';
import { NqlSyntaxError, unexpected } from './nql-syntax-error.js';
import { parseCondition } from './parse-condition.js';
import { NQL_TABLES, findNqlTable } from './nql-tables.js';
import { TokenCursor } from './token-cursor.js';
import { tokenize } from './tokenize.js';

const STAGES = ['where', 'list', 'sort', 'limit', 'summarize'];
const UNIT_MS: Readonly<Record<string, number>> = { min: 60_000, h: 3_600_000, d: 86_400_000 };
/** The longest `during past` span: 100 years (36500d), far more than any log is kept. */
const MAX_DURING_DAYS = 36_500;
const ALIAS = /^[a-z_][a-z0-9_]*$/;

type Scope = Map<string, FieldRef>;

/** Parses the NQL subset of docs/execution-log.md into a checked AST; every error is an {@link NqlSyntaxError}. */
export function parseNql(query: string): NqlQuery {
  const cursor = new TokenCursor(tokenize(query));
  const table = cursor.peek();
  const found = table.kind === 'word' ? findNqlTable(table.value) : undefined;
  if (!found) throw unexpected(table, NQL_TABLES.map((t) => t.name).join(' or '));
  cursor.next();
  const duringMs = cursor.acceptWord('during') ? parseDuring(cursor) : undefined;
  let scope: Scope = new Map(found.fields.map((f) => [f.name, { name: f.name, type: f.type, values: f.values }]));
  const stages: Stage[] = [];
  while (cursor.acceptPunct('|')) {
    const stage = parseStage(cursor, scope);
    stages.push(stage);
    if (stage.kind === 'list') scope = new Map(stage.fields.map((f) => [f.name, f]));
    if (stage.kind === 'summarize') {
      scope = new Map(stage.by.map((f) => [f.name, f]));
      scope.set(stage.alias, { name: stage.alias, type: 'number' });
    }
  }
  const end = cursor.peek();
  if (end.kind !== 'end')
    throw unexpected(
      end,
      stages.length || duringMs !== undefined ? '"|" or the end of the query' : 'during, "|" or the end of the query',
    );
  return { table: found.name, duringMs, stages };
}

function parseDuring(cursor: TokenCursor): number {
  cursor.expectWord('past');
  const token = cursor.peek();
  const match = /^(\d+)(min|h|d)$/.exec(token.value);
  if (token.kind !== 'duration' || !match || Number(match[1]) <= 0) {
    throw unexpected(token, 'a duration such as 30min, 24h or 7d');
  }
  const ms = Number(match[1]) * UNIT_MS[match[2]!]!;
  if (ms > MAX_DURING_DAYS * UNIT_MS['d']!) {
    throw new NqlSyntaxError(
      `Duration ${token.text} at column ${token.column} is too long: at most ${MAX_DURING_DAYS}d (100 years)`,
      token.text,
      token.column,
    );
  }
  cursor.next();
  return ms;
}

function parseStage(cursor: TokenCursor, scope: Scope): Stage {
  switch (cursor.expectWord(...STAGES)) {
    case 'where':
      return { kind: 'where', condition: parseCondition(cursor, scope) };
    case 'list':
      return { kind: 'list', fields: cursor.list(() => cursor.expectField(scope)) };
    case 'sort':
      return { kind: 'sort', keys: cursor.list(() => parseSortKey(cursor, scope)) };
    case 'limit':
      return { kind: 'limit', count: parseCount(cursor) };
    default:
      return parseSummarize(cursor, scope);
  }
}

function parseSortKey(cursor: TokenCursor, scope: Scope): SortKey {
  const field = cursor.expectField(scope);
  const direction = cursor.acceptWord('desc') ? 'desc' : (cursor.acceptWord('asc'), 'asc');
  return { field, direction };
}

function parseCount(cursor: TokenCursor): number {
  const token = cursor.peek();
  if (token.kind !== 'number' || !/^\d+$/.test(token.value) || !Number.isSafeInteger(Number(token.value))) {
    throw unexpected(token, 'a whole number of rows');
  }
  cursor.next();
  return Number(token.value);
}

/** `summarize name = count() [by f1, f2]`. */
function parseSummarize(cursor: TokenCursor, scope: Scope): Stage {
  const alias = cursor.peek();
  if (alias.kind !== 'word' || !ALIAS.test(alias.value))
    throw unexpected(alias, 'a name for the count, e.g. runs = count()');
  if (scope.has(alias.value)) {
    throw new NqlSyntaxError(
      `The name ${JSON.stringify(alias.text)} at column ${alias.column} is already a field: pick another name for the count`,
      alias.text,
      alias.column,
    );
  }
  cursor.next();
  const equals = cursor.next();
  if (equals.kind !== 'op' || equals.value !== '=') throw unexpected(equals, '"="');
  cursor.expectWord('count');
  cursor.expectPunct('(');
  cursor.expectPunct(')');
  const by = cursor.acceptWord('by') ? cursor.list(() => cursor.expectField(scope)) : [];
  return { kind: 'summarize', alias: alias.value, by };
}
