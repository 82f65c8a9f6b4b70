import type { SqlValue } from '../store/log-store.js';
import type { Condition, FieldRef, Literal } from './nql-ast.js';

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
 * A WHERE condition. Text equality is case-insensitive (`nql_fold`, Unicode lower case, on both
 * sides) and `*`/`?` patterns become GLOB patterns over the folded text; ordering compares as stored.
 */
export function compileCondition(condition: Condition): SqlFragment {
  switch (condition.kind) {
    case 'and':
    case 'or': {
      const left = compileCondition(condition.left);
      const right = compileCondition(condition.right);
      return { sql: `(${left.sql} ${condition.kind.toUpperCase()} ${right.sql})`, params: [...left.params, ...right.params] };
    }
    case 'in': {
      const parts = condition.values.map((v) => equals(condition.field, v));
      const sql = `(${parts.map((p) => p.sql).join(' OR ')})`;
      return { sql: condition.negated ? `(NOT ${sql})` : sql, params: parts.flatMap((p) => p.params) };
    }
    case 'compare': {
      if (condition.op === '==') return equals(condition.field, condition.value);
      if (condition.op === '!=') {
        const eq = equals(condition.field, condition.value);
        return { sql: `(NOT ${eq.sql})`, params: eq.params };
      }
      return { sql: `(${column(condition.field.name)} ${condition.op} ?)`, params: [condition.value.value] };
    }
  }
}

function equals(field: FieldRef, literal: Literal): SqlFragment {
  const col = column(field.name);
  if (literal.kind === 'number') return { sql: `(${col} = ?)`, params: [literal.value] };
  if (field.type === 'datetime' && !literal.pattern) return { sql: `(${col} = ?)`, params: [literal.value] };
  const folded = literal.value.toLowerCase();
  if (!literal.pattern) return { sql: `(nql_fold(${col}) = ?)`, params: [folded] };
  // GLOB: `*` and `?` are the wildcards already; `[` would open a character class, so quote it.
  return { sql: `(nql_fold(${col}) GLOB ?)`, params: [folded.replaceAll('[', '[[]')] };
}
