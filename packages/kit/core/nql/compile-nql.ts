import { LOG_TABLE } from './log-fields.js';
import { findNqlTable } from './nql-tables.js';
import { NqlSyntaxError } from './nql-syntax-error.js';
import type { NqlQuery, Stage } from './nql-ast.js';
import { column, compileCondition } from './compile-condition.js';
import type { SqlDialect, SqlValue } from './sql-dialect.js';

/** A runnable statement and the names of the columns it returns, in order. */
export interface CompiledNql {
  readonly sql: string;
  readonly params: readonly SqlValue[];
  readonly columns: readonly string[];
}

/** One SELECT being built; a stage that cannot extend it wraps it as the source of the next. */
interface Select {
  source: string;
  sourceParams: SqlValue[];
  columns: string[];
  projection: string[];
  where: string[];
  whereParams: SqlValue[];
  groupBy?: string[];
  /** The `summarize` count's name: in a grouped select, sorting on it sorts on `COUNT(*)`. */
  countAlias?: string;
  /** `expression ASC|DESC` terms from `sort` (or the default time order). */
  order: string[];
  limit?: number;
}

/**
 * A hidden column that makes every order total, so that every engine returns the same rows in the
 * same order: the entry's id in the table, then, in a query wrapped as the source of a later stage,
 * the row's position in that query's order.
 */
const ROW = column('#row');

/**
 * Compiles a parsed query into one parameterised SELECT over its table (the log, or the change ledger). Values only ever travel
 * as parameters; the SQL text holds keywords, operators and quoted field names from the field list.
 */
export function compileNql(query: NqlQuery, now: Date, dialect: SqlDialect): CompiledNql {
  const table = findNqlTable(query.table);
  if (!table) throw new NqlSyntaxError(`Unknown table ${query.table}`, query.table, 1);
  const names = table.fields.map((f) => f.name);
  const from = table.sqlTable === LOG_TABLE ? dialect.table : (dialect.qualify?.(table.sqlTable) ?? table.sqlTable);
  const base = `(SELECT id AS ${ROW}, ${table.fields.map((f) => `${f.column} AS ${column(f.name)}`).join(', ')} FROM ${from}) AS entries`;
  // Entries come in time order unless a `sort` says otherwise.
  let select: Select = {
    source: base,
    sourceParams: [],
    columns: names,
    projection: names.map(column),
    where: [],
    whereParams: [],
    order: [`${column('time')} ASC`],
  };
  if (query.duringMs !== undefined) {
    select.where.push(`(${column('time')} >= ?)`);
    select.whereParams.push(new Date(now.getTime() - query.duringMs).toISOString());
  }
  for (const stage of query.stages) select = apply(select, stage, dialect);
  const { sql, params } = render(select, false, dialect);
  return { sql: dialect.finish(sql, params), params, columns: select.columns };
}

function apply(current: Select, stage: Stage, dialect: SqlDialect): Select {
  const grouped = current.groupBy !== undefined;
  const limited = current.limit !== undefined;
  switch (stage.kind) {
    case 'where': {
      const s = grouped || limited ? wrap(current, dialect) : current;
      const condition = compileCondition(stage.condition, dialect);
      s.where.push(condition.sql);
      s.whereParams.push(...condition.params);
      return s;
    }
    case 'list': {
      const s = grouped ? wrap(current, dialect) : current;
      s.columns = unique(stage.fields.map((f) => f.name));
      s.projection = s.columns.map(column);
      return s;
    }
    case 'sort': {
      const s = limited ? wrap(current, dialect) : current;
      const expression = (name: string) => (name === s.countAlias && s.groupBy ? 'COUNT(*)' : column(name));
      s.order = stage.keys.map((k) => `${expression(k.field.name)} ${k.direction.toUpperCase()}`);
      return s;
    }
    case 'limit':
      current.limit = Math.min(current.limit ?? Infinity, stage.count);
      return current;
    case 'summarize': {
      const s = grouped || limited ? wrap(current, dialect) : current;
      const names = unique(stage.by.map((f) => f.name));
      const by = names.map(column);
      s.columns = [...names, stage.alias];
      s.projection = [...by, `COUNT(*) AS ${column(stage.alias)}`];
      s.groupBy = by;
      s.countAlias = stage.alias;
      s.order = [];
      return s;
    }
  }
}

/** A field named twice is one column (results are keyed by name). */
function unique(names: readonly string[]): string[] {
  return [...new Set(names)];
}

/** The query so far becomes the source of the next stage, numbering its rows in its own order. */
function wrap(inner: Select, dialect: SqlDialect): Select {
  const { sql, params } = render(inner, true, dialect);
  return {
    source: `(${sql}) AS q`,
    sourceParams: [...params],
    columns: inner.columns,
    projection: inner.columns.map(column),
    where: [],
    whereParams: [],
    order: [],
  };
}

/** The order terms, ended by a tie-break that makes the order total. */
function totalOrder(s: Select, dialect: SqlDialect): string[] {
  if (!s.groupBy) return [...s.order, `${ROW} ASC`];
  const terms = [...s.order, ...s.groupBy.map((c) => `${c} ASC`)];
  return dialect.groupedOrderTerm ? terms.map(dialect.groupedOrderTerm) : terms;
}

function render(s: Select, numbered: boolean, dialect: SqlDialect): { sql: string; params: SqlValue[] } {
  const order = totalOrder(s, dialect);
  const list = numbered
    ? [...s.projection, `ROW_NUMBER() OVER (${order.length ? `ORDER BY ${order.join(', ')}` : ''}) AS ${ROW}`]
    : s.projection;
  let sql = `SELECT ${list.join(', ')} FROM ${s.source}`;
  const params = [...s.sourceParams, ...s.whereParams];
  if (s.where.length) sql += ` WHERE ${s.where.join(' AND ')}`;
  if (s.groupBy?.length) sql += ` GROUP BY ${s.groupBy.join(', ')}`;
  if (order.length) sql += ` ORDER BY ${order.join(', ')}`;
  if (s.limit !== undefined) {
    sql += ' LIMIT ?';
    params.push(s.limit);
  }
  return { sql, params };
}
