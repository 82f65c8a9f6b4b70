/**
 * Compiles a parsed WHERE clause into a predicate over row indices, checking each literal against the
 * field's type the way Salesforce does (INVALID_FIELD: "value of filter criterion … must be of type …").
 * Text comparisons are case-insensitive, as in SOQL; Id comparisons are case-sensitive, as Ids are.
 */
import { resolvePath } from './field-path.js';
import { soqlError } from './soql-error.js';
import type { Condition, Literal, WhereExpression } from './soql-parser.js';
import { instantOf, type FieldType, type FieldValue, type SObjectCatalog, type SObjectTable } from './sobject-table.js';

export type RowPredicate = (index: number) => boolean;

type Comparable = string | number | boolean | null;

function literalKind(type: FieldType): { kind: Literal['kind']; label: string; quoted: boolean } {
  if (type === 'boolean') return { kind: 'boolean', label: 'boolean', quoted: false };
  if (type === 'datetime') return { kind: 'datetime', label: 'dateTime', quoted: false };
  return { kind: 'string', label: 'string', quoted: true };
}

/** Ids compare case-sensitively, on their 15-character form (an 18-character literal matches too). */
function isIdType(type: FieldType): boolean {
  return type === 'id' || type === 'reference';
}

const ID_LITERAL = /^[0-9A-Za-z]{15}(?:[0-9A-Za-z]{3})?$/;

function toComparable(type: FieldType, value: FieldValue | string | boolean): Comparable {
  if (value === null || typeof value === 'boolean') return value;
  if (typeof value === 'object') return JSON.stringify(value);
  if (isIdType(type)) return value.slice(0, 15);
  if (type === 'datetime') return instantOf(value);
  return value.toLowerCase();
}

function likeMatcher(pattern: string): (value: Comparable) => boolean {
  const source = pattern
    .toLowerCase()
    .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
    .replace(/%/g, '.*')
    .replace(/_/g, '.');
  const re = new RegExp(`^${source}$`, 's');
  return (value) => typeof value === 'string' && re.test(value);
}

function compare(operator: Condition['operator'], value: Comparable, expected: Comparable): boolean {
  if (operator === '=') return value === expected;
  if (operator === '!=') return value !== expected;
  if (value === null || expected === null) return false;
  if (operator === '<') return value < expected;
  if (operator === '<=') return value <= expected;
  if (operator === '>') return value > expected;
  return value >= expected;
}

function compileCondition(
  catalog: SObjectCatalog,
  table: SObjectTable,
  condition: Condition,
  soql: string,
): RowPredicate {
  const path = resolvePath(catalog, table, condition.field, soql);
  const type = path.field.type;
  if (type === 'address')
    throw soqlError(
      'INVALID_FIELD',
      soql,
      condition.field.offset,
      `field '${path.field.name}' can not be filtered in a query call`,
    );
  const wanted = literalKind(type);
  for (const literal of condition.values) {
    if (literal.kind === 'null' || literal.kind === wanted.kind) continue;
    const quoting = wanted.quoted ? 'should be enclosed in quotes' : 'should not be enclosed in quotes';
    throw soqlError(
      'INVALID_FIELD',
      soql,
      literal.offset,
      `value of filter criterion for field '${path.field.name}' must be of type ${wanted.label} and ${quoting}`,
    );
  }
  for (const literal of condition.values) {
    if (!isIdType(type) || literal.kind !== 'string' || ID_LITERAL.test(String(literal.value))) continue;
    throw soqlError(
      'INVALID_QUERY_FILTER_OPERATOR',
      soql,
      literal.offset,
      `invalid ID field: ${String(literal.value)}`,
    );
  }
  const read = (index: number): Comparable => toComparable(type, path.read(index));
  const values = condition.values.map((l) => toComparable(type, l.value as FieldValue));
  const operator = condition.operator;
  if (operator === 'like') {
    if (wanted.kind !== 'string' || isIdType(type))
      throw soqlError('INVALID_FIELD', soql, condition.field.offset, `invalid operator on ${type} field: LIKE`);
    const matches = likeMatcher(String(condition.values[0]?.value ?? ''));
    return (index) => matches(read(index));
  }
  if (operator === 'in' || operator === 'not in') {
    const set = new Set(values);
    return operator === 'in' ? (index) => set.has(read(index)) : (index) => !set.has(read(index));
  }
  const expected = values[0] as Comparable;
  return (index) => compare(operator, read(index), expected);
}

export function compileFilter(
  catalog: SObjectCatalog,
  table: SObjectTable,
  where: WhereExpression,
  soql: string,
): RowPredicate {
  if (where.kind === 'condition') return compileCondition(catalog, table, where, soql);
  if (where.kind === 'not') {
    const inner = compileFilter(catalog, table, where.item, soql);
    return (index) => !inner(index);
  }
  const items = where.items.map((item) => compileFilter(catalog, table, item, soql));
  return where.kind === 'and' ? (index) => items.every((p) => p(index)) : (index) => items.some((p) => p(index));
}
