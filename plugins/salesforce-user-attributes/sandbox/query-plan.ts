/**
 * Turns parsed SOQL into a plan over the catalog (INVALID_TYPE for an unknown object, INVALID_FIELD for
 * an unknown field) and runs it into the list of matching row indices.
 */
import { resolvePath, type ResolvedPath } from './field-path.js';
import { compileFilter, type RowPredicate } from './record-filter.js';
import { soqlError } from './soql-error.js';
import type { SoqlQuery } from './soql-parser.js';
import type { FieldDef, RelationshipDef, SObjectCatalog, SObjectTable } from './sobject-table.js';

/** What a record is rendered from: fields and nested relationship objects, in SELECT order. */
export type ColumnNode =
  | { readonly kind: 'field'; readonly field: FieldDef }
  | { readonly kind: 'relationship'; readonly relationship: RelationshipDef; readonly table: SObjectTable; readonly children: ColumnNode[] };

export interface QueryPlan {
  readonly table: SObjectTable;
  readonly columns: readonly ColumnNode[];
  readonly filter: RowPredicate | null;
  readonly order: readonly { readonly path: ResolvedPath; readonly descending: boolean; readonly nullsLast: boolean }[];
  readonly limit: number | null;
}

/** Matching rows: `indices` in order, or null for the plain range 0 … total-1. */
export interface QueryResult {
  readonly total: number;
  readonly indices: Int32Array | null;
}

const CUSTOM_OBJECT_HINT = "If you are attempting to use a custom object, be sure to append the '__c' after the entity name. Please reference your WSDL or the describe call for the appropriate names.";

function addColumn(nodes: ColumnNode[], path: ResolvedPath, depth = 0): void {
  const hop = path.hops[depth];
  if (!hop) {
    nodes.push({ kind: 'field', field: path.field });
    return;
  }
  let node = nodes.find((n) => n.kind === 'relationship' && n.relationship === hop.relationship);
  if (!node) {
    node = { kind: 'relationship', relationship: hop.relationship, table: hop.table, children: [] };
    nodes.push(node);
  }
  if (node.kind === 'relationship') addColumn(node.children, path, depth + 1);
}

export function planQuery(catalog: SObjectCatalog, query: SoqlQuery): QueryPlan {
  const table = catalog.get(query.object.text.toLowerCase());
  if (!table) {
    throw soqlError('INVALID_TYPE', query.soql, query.object.offset, `sObject type '${query.object.text}' is not supported. ${CUSTOM_OBJECT_HINT}`);
  }
  const columns: ColumnNode[] = [];
  for (const field of query.fields) addColumn(columns, resolvePath(catalog, table, field, query.soql));
  return {
    table,
    columns,
    filter: query.where ? compileFilter(catalog, table, query.where, query.soql) : null,
    order: query.orderBy.map((o) => ({ path: resolvePath(catalog, table, o.field, query.soql), descending: o.descending, nullsLast: o.nullsLast })),
    limit: query.limit,
  };
}

function sortIndices(plan: QueryPlan, indices: Int32Array): Int32Array {
  const keys = plan.order.map((o) => {
    const read = o.path.read;
    const map = new Map<number, string | boolean | null>();
    for (const i of indices) {
      const v = read(i);
      map.set(i, typeof v === 'string' ? v.toLowerCase() : v);
    }
    return map;
  });
  const sorted = Array.from(indices).sort((a, b) => {
    for (const [k, o] of plan.order.entries()) {
      const x = keys[k]?.get(a) ?? null;
      const y = keys[k]?.get(b) ?? null;
      if (x === y) continue;
      if (x === null || y === null) return (x === null) !== o.nullsLast ? -1 : 1;
      const c = x < y ? -1 : 1;
      return o.descending ? -c : c;
    }
    return a - b;
  });
  return Int32Array.from(sorted);
}

/** Runs the plan over live rows (`query`) or all rows including deleted ones (`queryAll`). */
export function executePlan(plan: QueryPlan, includeDeleted: boolean): QueryResult {
  const range = includeDeleted ? plan.table.size : plan.table.liveSize;
  const limit = plan.limit ?? Number.POSITIVE_INFINITY;
  if (!plan.filter && plan.order.length === 0) return { total: Math.min(range, limit), indices: null };
  const stopAt = plan.order.length === 0 ? limit : Number.POSITIVE_INFINITY;
  let found = new Int32Array(Math.min(range, 1024));
  let count = 0;
  for (let i = 0; i < range && count < stopAt; i++) {
    if (plan.filter && !plan.filter(i)) continue;
    if (count === found.length) {
      const grown = new Int32Array(Math.min(range, found.length * 2));
      grown.set(found);
      found = grown;
    }
    found[count++] = i;
  }
  let indices: Int32Array = found.subarray(0, count);
  if (plan.order.length > 0) indices = sortIndices(plan, indices);
  if (indices.length > limit) indices = indices.subarray(0, limit);
  return { total: indices.length, indices };
}
