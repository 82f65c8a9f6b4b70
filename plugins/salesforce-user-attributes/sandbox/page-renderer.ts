/**
 * Renders records straight to JSON text, the way Salesforce's REST API lays them out: an `attributes`
 * block first, then the selected fields in SELECT order, relationship fields as nested objects (with
 * their own `attributes`) or `null` when the lookup is empty. Rendering by string concatenation from a
 * renderer compiled once per query keeps a 2,000-record page to a few milliseconds.
 */
import type { ColumnNode, QueryResult } from './query-plan.js';
import type { FieldValue, SObjectRow, SObjectTable } from './sobject-table.js';

/** The JSON text of the record at row `index`. */
export type RecordRenderer = (index: number) => string;

type PartRenderer = (row: SObjectRow, index: number) => string;

function encode(value: FieldValue | undefined): string {
  if (value === null || value === undefined) return 'null';
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

function compilePart(node: ColumnNode, version: string): PartRenderer {
  if (node.kind === 'field') {
    const key = `,${JSON.stringify(node.field.name)}:`;
    const name = node.field.name;
    return (row) => key + encode(row[name]);
  }
  const key = `,${JSON.stringify(node.relationship.name)}:`;
  const parent = compileRecordRenderer(node.table, node.children, version);
  const parentIndex = node.relationship.parentIndex;
  return (_row, index) => {
    const at = parentIndex(index);
    return key + (at < 0 ? 'null' : parent(at));
  };
}

export function compileRecordRenderer(table: SObjectTable, columns: readonly ColumnNode[], version: string): RecordRenderer {
  const head = `{"attributes":{"type":${JSON.stringify(table.name)},"url":"/services/data/v${version}/sobjects/${table.name}/`;
  const parts = columns.map((node) => compilePart(node, version));
  return (index) => {
    const row = table.row(index);
    let out = `${head}${String(row.Id)}"}`;
    for (const part of parts) out += part(row, index);
    return `${out}}`;
  };
}

/** The `records` array (JSON text) for rows `offset` … `offset+count-1` of a query result. */
export function renderRecords(result: QueryResult, render: RecordRenderer, offset: number, count: number): string {
  const end = Math.min(result.total, offset + count);
  const records: string[] = [];
  for (let at = offset; at < end; at++) records.push(render(result.indices ? (result.indices[at] as number) : at));
  return `[${records.join(',')}]`;
}
