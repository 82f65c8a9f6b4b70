import { LOG_FIELDS, LOG_TABLE } from '../store/log-fields.js';
import type { SqlValue } from '../store/log-store.js';
import type { NqlQuery, Stage } from './nql-ast.js';
import { column, compileCondition } from './compile-condition.js';

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
  orderBy?: string;
  limit?: number;
}

const BASE = `(SELECT ${LOG_FIELDS.map((f) => `${f.column} AS ${column(f.name)}`).join(', ')} FROM ${LOG_TABLE})`;

/**
 * Compiles a parsed query into one parameterised SELECT over the log table. Values only ever travel
 * as parameters; the SQL text holds keywords, operators and quoted field names from the field list.
 */
export function compileNql(query: NqlQuery, now: Date): CompiledNql {
  const names = LOG_FIELDS.map((f) => f.name);
  // Entries come in time order unless a `sort` says otherwise.
  let select: Select = {
    source: BASE,
    sourceParams: [],
    columns: names,
    projection: names.map(column),
    where: [],
    whereParams: [],
    orderBy: `${column('time')} ASC`,
  };
  if (query.duringMs !== undefined) {
    select.where.push(`(${column('time')} >= ?)`);
    select.whereParams.push(new Date(now.getTime() - query.duringMs).toISOString());
  }
  for (const stage of query.stages) select = apply(select, stage);
  const { sql, params } = render(select);
  return { sql, params, columns: select.columns };
}

function apply(current: Select, stage: Stage): Select {
  const grouped = current.groupBy !== undefined;
  const limited = current.limit !== undefined;
  switch (stage.kind) {
    case 'where': {
      const s = grouped || limited ? wrap(current) : current;
      const condition = compileCondition(stage.condition);
      s.where.push(condition.sql);
      s.whereParams.push(...condition.params);
      return s;
    }
    case 'list': {
      const s = grouped ? wrap(current) : current;
      s.columns = stage.fields.map((f) => f.name);
      s.projection = s.columns.map(column);
      return s;
    }
    case 'sort': {
      const s = limited ? wrap(current) : current;
      s.orderBy = stage.keys.map((k) => `${column(k.field.name)} ${k.direction.toUpperCase()}`).join(', ');
      return s;
    }
    case 'limit':
      current.limit = Math.min(current.limit ?? Infinity, stage.count);
      return current;
    case 'summarize': {
      const s = grouped || limited ? wrap(current) : current;
      const by = stage.by.map((f) => column(f.name));
      s.columns = [...stage.by.map((f) => f.name), stage.alias];
      s.projection = [...by, `COUNT(*) AS ${column(stage.alias)}`];
      s.groupBy = by;
      s.orderBy = undefined;
      return s;
    }
  }
}

function wrap(inner: Select): Select {
  const { sql, params } = render(inner);
  return { source: `(${sql})`, sourceParams: [...params], columns: inner.columns, projection: inner.columns.map(column), where: [], whereParams: [] };
}

function render(s: Select): { sql: string; params: SqlValue[] } {
  let sql = `SELECT ${s.projection.join(', ')} FROM ${s.source}`;
  const params = [...s.sourceParams, ...s.whereParams];
  if (s.where.length) sql += ` WHERE ${s.where.join(' AND ')}`;
  if (s.groupBy?.length) sql += ` GROUP BY ${s.groupBy.join(', ')}`;
  if (s.orderBy) sql += ` ORDER BY ${s.orderBy}`;
  if (s.limit !== undefined) {
    sql += ' LIMIT ?';
    params.push(s.limit);
  }
  return { sql, params };
}
