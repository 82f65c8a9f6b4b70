/**
 * Turns parsed SOQL into a plan over the catalog (INVALID_TYPE for an unknown object, INVALID_FIELD for
 * an unknown field) and runs it into the list of matching row indices.
 */
import { resolvePath, type ResolvedPath } from './field-path.js';
import { idInterval } from './id-index.js';
import { modstampScan } from './modstamp-index.js';
import { compileFilter, type RowPredicate } from './record-filter.js';
import { soqlError } from './soql-error.js';
import type { SoqlQuery, WhereExpression } from './soql-parser.js';
import type { FieldDef, RelationshipDef, SObjectCatalog, SObjectTable } from './sobject-table.js';

/** What a record is rendered from: fields and nested relationship objects, in SELECT order. */
export type ColumnNode =
  | { readonly kind: 'field'; readonly field: FieldDef }
  | {
      readonly kind: 'relationship';
      readonly relationship: RelationshipDef;
      readonly table: SObjectTable;
      readonly children: ColumnNode[];
    };

export interface QueryPlan {
  readonly table: SObjectTable;
  /** `SELECT COUNT()`: answered with the number of rows only. */
  readonly count: boolean;
  readonly columns: readonly ColumnNode[];
  readonly filter: RowPredicate | null;
  readonly where: WhereExpression | null;
  readonly order: readonly { readonly path: ResolvedPath; readonly descending: boolean; readonly nullsLast: boolean }[];
  readonly limit: number | null;
}

/** Matching rows: `indices` in order, or null for the plain range 0 … total-1. */
export interface QueryResult {
  readonly total: number;
  readonly indices: Int32Array | null;
}

const CUSTOM_OBJECT_HINT =
  "If you are attempting to use a custom object, be sure to append the '__c' after the entity name. Please reference your WSDL or the describe call for the appropriate names.";

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
    throw soqlError(
      'INVALID_TYPE',
      query.soql,
      query.object.offset,
      `sObject type '${query.object.text}' is not supported. ${CUSTOM_OBJECT_HINT}`,
    );
  }
  const columns: ColumnNode[] = [];
  for (const field of query.fields) addColumn(columns, resolvePath(catalog, table, field, query.soql));
  return {
    table,
    count: query.count,
    columns,
    filter: query.where ? compileFilter(catalog, table, query.where, query.soql) : null,
    where: query.where,
    order: query.orderBy.map((o) => ({
      path: resolvePath(catalog, table, o.field, query.soql),
      descending: o.descending,
      nullsLast: o.nullsLast,
    })),
    limit: query.limit,
  };
}

function sortIndices(plan: QueryPlan, indices: Int32Array): Int32Array {
  const keys = plan.order.map((o) => {
    const read = o.path.read;
    const map = new Map<number, string | boolean | null>();
    for (const i of indices) {
      const v = read(i);
      map.set(i, typeof v === 'string' ? v.toLowerCase() : v !== null && typeof v === 'object' ? JSON.stringify(v) : v);
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

/** `ORDER BY Id [ASC|DESC]` alone: the table's own order, or its reverse. */
function idOrder(plan: QueryPlan): 'asc' | 'desc' | undefined {
  const [only] = plan.order;
  if (plan.order.length !== 1 || !only || only.path.hops.length > 0 || only.path.field.type !== 'id') return undefined;
  return only.descending ? 'desc' : 'asc';
}

/** Row indices found by a scan, in a buffer that grows as they come. */
class Found {
  #indices: Int32Array;
  #count = 0;

  constructor(private readonly most: number) {
    this.#indices = new Int32Array(Math.min(most, 1024));
  }

  get count(): number {
    return this.#count;
  }

  push(index: number): void {
    if (this.#count === this.#indices.length) {
      const grown = new Int32Array(Math.min(this.most, this.#indices.length * 2));
      grown.set(this.#indices);
      this.#indices = grown;
    }
    this.#indices[this.#count++] = index;
  }

  get indices(): Int32Array {
    return this.#indices.subarray(0, this.#count);
  }
}

/**
 * The rows among `from` … `to` that pass the filter, in table order or its reverse, at most `stopAt`.
 * Of the rows a modstamp condition leaves only when edited, only the edited ones are tested.
 */
function scan(plan: QueryPlan, from: number, to: number, descending: boolean, stopAt: number): Int32Array {
  const { edited, generatedFrom } = modstampScan(plan.table, plan.where, from, to);
  const found = new Found(edited.length + to - generatedFrom);
  const test = (i: number): void => {
    if (!plan.filter || plan.filter(i)) found.push(i);
  };
  const testEdited = (): void => {
    for (let k = 0; k < edited.length && found.count < stopAt; k++)
      test(edited[descending ? edited.length - 1 - k : k] as number);
  };
  if (descending) {
    for (let i = to - 1; i >= generatedFrom && found.count < stopAt; i--) test(i);
    testEdited();
  } else {
    testEdited();
    for (let i = generatedFrom; i < to && found.count < stopAt; i++) test(i);
  }
  return found.indices;
}

/** Runs the plan over live rows (`query`) or all rows including deleted ones (`queryAll`). */
export function executePlan(plan: QueryPlan, includeDeleted: boolean): QueryResult {
  const range = includeDeleted ? plan.table.size : plan.table.liveSize;
  const limit = plan.limit ?? Number.POSITIVE_INFINITY;
  const { from, to } = idInterval(plan.table, range, plan.where);
  const byId = idOrder(plan);
  const sorted = plan.order.length > 0 && byId === undefined && !plan.count;
  if (!plan.filter && !sorted && byId !== 'desc' && from === 0) return { total: Math.min(to, limit), indices: null };
  let indices = scan(plan, from, to, byId === 'desc', sorted ? Number.POSITIVE_INFINITY : limit);
  if (sorted) indices = sortIndices(plan, indices);
  if (indices.length > limit) indices = indices.subarray(0, limit);
  return { total: indices.length, indices };
}
