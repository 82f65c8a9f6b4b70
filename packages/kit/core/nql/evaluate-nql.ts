import type { LogRow } from '../execution-log-store.js';
import type { Condition, FieldRef, Literal, NqlQuery, Stage } from './nql-ast.js';
import { NqlSyntaxError } from './nql-syntax-error.js';
import { findNqlTable, type NqlTable } from './nql-tables.js';
import { compareCodePoints } from './compare-code-points.js';

/** A value as a store holds it: text, a number, or NULL (the change ledger's empty old and new values). */
type Value = LogRow[string];
type Row = Readonly<Record<string, Value>>;
/** SQL's three-valued logic: a comparison with NULL is neither true nor false, and its negation neither. */
type Truth = boolean | null;
type Test = (row: Row) => Truth;

/** The row's place in its source: the entry's id in the table, then in a wrapped query its place in that query's order. */
const ROW = '#row';

interface OrderTerm {
  readonly name: string;
  readonly descending: boolean;
}

/** One SELECT as compileNql builds it, over rows already in memory. */
interface Select {
  source: readonly Row[];
  columns: string[];
  where: Test[];
  groupBy?: string[];
  countAlias?: string;
  order: OrderTerm[];
  limit?: number;
}

/**
 * Runs a parsed query over rows held in memory, giving exactly what the query compiled by `compileNql`
 * gives on SQLite: the same stages, wrapped at the same points, in the same total orders, with SQLite's
 * NULLs, text order (by code point) and GLOB. `rowsOf` gives a table's stored rows, keyed by column, in
 * the order of their ids.
 */
export function evaluateNql(
  query: NqlQuery,
  now: Date,
  rowsOf: (table: NqlTable) => readonly Readonly<Record<string, unknown>>[],
): { columns: readonly string[]; rows: LogRow[] } {
  const table = findNqlTable(query.table);
  if (!table) throw new NqlSyntaxError(`Unknown table ${query.table}`, query.table, 1);
  const source = rowsOf(table).map((stored, i) => {
    const row: Record<string, Value> = { [ROW]: i + 1 };
    for (const field of table.fields) row[field.name] = (stored[field.column] ?? null) as Value;
    return row;
  });
  let select: Select = {
    source,
    columns: table.fields.map((f) => f.name),
    where: [],
    order: [{ name: 'time', descending: false }],
  };
  if (query.duringMs !== undefined) {
    const since = new Date(now.getTime() - query.duringMs).toISOString();
    select.where.push((row) => ordering(row['time'] ?? null, '>=', since));
  }
  for (const stage of query.stages) select = apply(select, stage);
  const { columns } = select;
  const rows = run(select).map((row) => {
    const out: LogRow = {};
    for (const name of columns) out[name] = row[name] ?? null;
    return out;
  });
  return { columns, rows };
}

/** The stage on the select so far, or on a new one over it where compileNql wraps. */
function apply(current: Select, stage: Stage): Select {
  const grouped = current.groupBy !== undefined;
  const limited = current.limit !== undefined;
  switch (stage.kind) {
    case 'where': {
      const s = grouped || limited ? wrap(current) : current;
      s.where.push(test(stage.condition));
      return s;
    }
    case 'list': {
      const s = grouped ? wrap(current) : current;
      s.columns = unique(stage.fields);
      return s;
    }
    case 'sort': {
      // In a grouped select the count's alias holds COUNT(*), so sorting on it sorts on the count.
      const s = limited ? wrap(current) : current;
      s.order = stage.keys.map((k) => ({ name: k.field.name, descending: k.direction === 'desc' }));
      return s;
    }
    case 'limit':
      current.limit = Math.min(current.limit ?? Infinity, stage.count);
      return current;
    case 'summarize': {
      const s = grouped || limited ? wrap(current) : current;
      const by = unique(stage.by);
      s.columns = [...by, stage.alias];
      s.groupBy = by;
      s.countAlias = stage.alias;
      s.order = [];
      return s;
    }
  }
}

function unique(fields: readonly FieldRef[]): string[] {
  return [...new Set(fields.map((f) => f.name))];
}

/** The select's rows as the source of the next stage: its columns and its row number in its own order. */
function wrap(inner: Select): Select {
  const source = run(inner).map((row, i) => {
    const numbered: Record<string, Value> = { [ROW]: i + 1 };
    for (const name of inner.columns) numbered[name] = row[name] ?? null;
    return numbered;
  });
  return { source, columns: inner.columns, where: [], order: [] };
}

/**
 * The rows of a select in its total order: the sort (or time order), then the source's row for an
 * ungrouped select, the group's columns for a grouped one. A limited select keeps the first rows of
 * that order, which are also the ones ROW_NUMBER numbers 1, 2…
 */
function run(s: Select): Row[] {
  let rows = s.source.filter((row) => s.where.every((t) => t(row) === true));
  if (s.groupBy) rows = group(rows, s.groupBy, s.countAlias!);
  const terms: OrderTerm[] = [...s.order, ...(s.groupBy ?? [ROW]).map((name) => ({ name, descending: false }))];
  rows.sort((a, b) => {
    for (const { name, descending } of terms) {
      const c = compareNqlValues(a[name] ?? null, b[name] ?? null);
      if (c !== 0) return descending ? -c : c;
    }
    return 0;
  });
  return s.limit === undefined ? rows : rows.slice(0, s.limit);
}

/**
 * `COUNT(*) … GROUP BY`: one row per distinct combination of the columns, NULL being one value;
 * without columns there is no GROUP BY, and so one row, counting 0 when nothing matched.
 */
function group(rows: readonly Row[], by: readonly string[], alias: string): Row[] {
  const groups = new Map<string, Record<string, Value>>();
  if (!by.length) groups.set(JSON.stringify([]), { [alias]: 0 });
  for (const row of rows) {
    const key = JSON.stringify(by.map((name) => row[name] ?? null));
    let counted = groups.get(key);
    if (!counted) {
      counted = { [alias]: 0 };
      for (const name of by) counted[name] = row[name] ?? null;
      groups.set(key, counted);
    }
    counted[alias] = (counted[alias] as number) + 1;
  }
  return [...groups.values()];
}

/** A condition as compileCondition writes it, evaluated with SQL's NULL logic. */
function test(condition: Condition): Test {
  switch (condition.kind) {
    case 'and': {
      const [left, right] = [test(condition.left), test(condition.right)];
      return (row) => and(left(row), right(row));
    }
    case 'or': {
      const [left, right] = [test(condition.left), test(condition.right)];
      return (row) => not(and(not(left(row)), not(right(row))));
    }
    case 'in': {
      const parts = condition.values.map((v) => equals(condition.field, v));
      const any: Test = (row) => parts.reduce<Truth>((found, part) => not(and(not(found), not(part(row)))), false);
      return condition.negated ? (row) => not(any(row)) : any;
    }
    case 'compare': {
      if (condition.op === '==') return equals(condition.field, condition.value);
      if (condition.op === '!=') {
        const eq = equals(condition.field, condition.value);
        return (row) => not(eq(row));
      }
      const { name } = condition.field;
      const { op, value } = condition;
      return (row) => ordering(row[name] ?? null, op, value.value);
    }
  }
}

function and(a: Truth, b: Truth): Truth {
  if (a === false || b === false) return false;
  return a === null || b === null ? null : true;
}

function not(a: Truth): Truth {
  return a === null ? null : !a;
}

/** `column op value` as stored: NULL when the column is. */
function ordering(v: Value, op: string, value: string | number): Truth {
  if (v === null) return null;
  const c = compareNqlValues(v, value);
  if (op === '<') return c < 0;
  if (op === '>') return c > 0;
  if (op === '<=') return c <= 0;
  return c >= 0;
}

/**
 * Equality as compileCondition compiles it: numbers and datetimes (without a pattern) as stored; text
 * lower-cased on both sides, matched with GLOB when the value has wildcards.
 */
function equals(field: FieldRef, literal: Literal): Test {
  const { name } = field;
  if (literal.kind === 'number' || (field.type === 'datetime' && !literal.pattern)) {
    const value = literal.value;
    return (row) => {
      const v = row[name] ?? null;
      return v === null ? null : compareNqlValues(v, value) === 0;
    };
  }
  const folded = literal.value.toLowerCase();
  const glob = literal.pattern ? globMatcher(folded) : undefined;
  return (row) => {
    const v = fold(row[name] ?? null);
    if (v === null) return null;
    if (glob) return glob(String(v));
    return v === folded;
  };
}

/** `nql_fold`, the JavaScript function the SQLite store registers: Unicode lower case. */
function fold(v: Value): Value {
  return typeof v === 'string' ? v.toLowerCase() : v;
}

const STAR = 0x2a;
const QUESTION = 0x3f;

/**
 * SQLite's GLOB with `[` quoted as the SQLite dialect quotes it: `*` any run of characters, `?` exactly
 * one character (a code point), everything else itself. SQLite reads both as C strings, so they end at
 * the first NUL, and reads a surrogate or U+FFFE/U+FFFF as U+FFFD.
 */
function globMatcher(pattern: string): (text: string) => boolean {
  const p = globCodePoints(pattern);
  return (text) => {
    const t = globCodePoints(text);
    let pi = 0;
    let ti = 0;
    let star = -1;
    let resume = 0;
    while (ti < t.length) {
      if (pi < p.length && p[pi] !== STAR && (p[pi] === QUESTION || p[pi] === t[ti])) {
        pi++;
        ti++;
      } else if (pi < p.length && p[pi] === STAR) {
        star = pi++;
        resume = ti;
      } else if (star >= 0) {
        pi = star + 1;
        ti = ++resume;
      } else {
        return false;
      }
    }
    while (p[pi] === STAR) pi++;
    return pi === p.length;
  };
}

function globCodePoints(text: string): number[] {
  const end = text.indexOf('\0');
  const points: number[] = [];
  for (const c of end < 0 ? text : text.slice(0, end)) {
    const point = c.codePointAt(0)!;
    points.push((point >= 0xd800 && point <= 0xdfff) || point === 0xfffe || point === 0xffff ? 0xfffd : point);
  }
  return points;
}

/**
 * SQLite's order of two stored values: NULL first, then numbers by value, then text by code point (the
 * BINARY collation compares UTF-8 bytes; JavaScript's `<` compares UTF-16 units, which puts a character
 * above U+FFFF before one of U+E000-U+FFFF).
 */
export function compareNqlValues(a: Value, b: Value): number {
  const ra = typeRank(a);
  const rb = typeRank(b);
  if (ra !== rb) return ra - rb;
  if (typeof a === 'number' && typeof b === 'number') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'string' && typeof b === 'string') return compareCodePoints(a, b);
  return 0;
}

function typeRank(v: Value): number {
  return v === null ? 0 : typeof v === 'number' ? 1 : 2;
}
