/**
 * Renders records straight to JSON text, the way Salesforce's REST API lays them out: an `attributes`
 * block first, then the selected fields in SELECT order, relationship fields as nested objects (with
 * their own `attributes`) or `null` when the lookup is empty.
 *
 * Speed: a renderer is compiled once per query and appends to one string per page (measured faster than
 * joining per-record strings or an array of pieces); strings that need no escaping skip JSON.stringify.
 */
import type { ColumnNode, QueryResult } from './query-plan.js';
import type { FieldValue, SObjectTable } from './sobject-table.js';

/** `out` followed by the JSON text of the record at row `index`. */
export type RecordRenderer = (index: number, out: string) => string;

// eslint-disable-next-line no-control-regex -- JSON strings must escape control characters
const NEEDS_ESCAPE = /["\\\u0000-\u001f\u2028\u2029]/;

function encode(value: FieldValue | undefined): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'object') return JSON.stringify(value);
  if (typeof value !== 'string') return String(value);
  return NEEDS_ESCAPE.test(value) ? JSON.stringify(value) : `"${value}"`;
}

function compilePart(node: ColumnNode, version: string): RecordRenderer {
  if (node.kind === 'field') {
    const key = `,${JSON.stringify(node.field.name)}:`;
    const read = node.field.read;
    return (index, out) => out + key + encode(read(index));
  }
  const key = `,${JSON.stringify(node.relationship.name)}:`;
  const parent = compileRecordRenderer(node.table, node.children, version);
  const parentIndex = node.relationship.parentIndex;
  return (index, out) => {
    const at = parentIndex(index);
    return at < 0 ? `${out}${key}null` : parent(at, out + key);
  };
}

export function compileRecordRenderer(
  table: SObjectTable,
  columns: readonly ColumnNode[],
  version: string,
): RecordRenderer {
  const head = `{"attributes":{"type":${JSON.stringify(table.name)},"url":"/services/data/v${version}/sobjects/${table.name}/`;
  const parts = columns.map((node) => compilePart(node, version));
  const id = table.id;
  return (index, out) => {
    let record = `${out}${head}${String(id(index))}"}`;
    for (const part of parts) record = part(index, record);
    return `${record}}`;
  };
}

/** The `records` array (JSON text) for rows `offset` … `offset+count-1` of a query result. */
export function renderRecords(result: QueryResult, render: RecordRenderer, offset: number, count: number): string {
  const end = Math.min(result.total, offset + count);
  let out = '[';
  for (let at = offset; at < end; at++) {
    out = render(result.indices ? (result.indices[at] as number) : at, at > offset ? `${out},` : out);
  }
  return `${out}]`;
}
