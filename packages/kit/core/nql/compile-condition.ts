import type { Condition, FieldRef, Literal } from './nql-ast.js';
import type { SqlDialect, SqlValue } from './sql-dialect.js';

/** A piece of SQL and the values of its `?` placeholders, in order. */
export interface SqlFragment {
  readonly sql: string;
  readonly params: readonly SqlValue[];
}

/** A field's column in the query: its NQL name, quoted (names come from the field list, never from values). */
export function column(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/**
 * A WHERE condition. Text equality is case-insensitive (the dialect's Unicode lower case, on both
 * sides) and `*`/`?` patterns match the folded text; ordering compares as stored.
 */
export function compileCondition(condition: Condition, dialect: SqlDialect): SqlFragment {
  switch (condition.kind) {
    case 'and':
    case 'or': {
      const left = compileCondition(condition.left, dialect);
      const right = compileCondition(condition.right, dialect);
      return {
        sql: `(${left.sql} ${condition.kind.toUpperCase()} ${right.sql})`,
        params: [...left.params, ...right.params],
      };
    }
    case 'in': {
      const parts = condition.values.map((v) => equals(condition.field, v, dialect));
      const sql = `(${parts.map((p) => p.sql).join(' OR ')})`;
      return { sql: condition.negated ? `(NOT ${sql})` : sql, params: parts.flatMap((p) => p.params) };
    }
    case 'compare': {
      if (condition.op === '==') return equals(condition.field, condition.value, dialect);
      if (condition.op === '!=') {
        const eq = equals(condition.field, condition.value, dialect);
        return { sql: `(NOT ${eq.sql})`, params: eq.params };
      }
      return { sql: `(${column(condition.field.name)} ${condition.op} ?)`, params: [condition.value.value] };
    }
  }
}

function equals(field: FieldRef, literal: Literal, dialect: SqlDialect): SqlFragment {
  const col = column(field.name);
  if (literal.kind === 'number') return { sql: `(${col} = ?)`, params: [literal.value] };
  if (field.type === 'datetime' && !literal.pattern) return { sql: `(${col} = ?)`, params: [literal.value] };
  const folded = literal.value.toLowerCase();
  if (!literal.pattern) return { sql: `(${dialect.fold(col)} = ?)`, params: [folded] };
  const match = dialect.match(dialect.fold(col), folded);
  return { sql: match.sql, params: [match.param] };
}
