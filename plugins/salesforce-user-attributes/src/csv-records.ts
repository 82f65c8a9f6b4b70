import type { SourceRecord } from 'tributary-kit';
import type { CellReader, TypedColumn } from './sobject-types.js';

type Node =
  | { readonly kind: 'cell'; readonly key: string; readonly index: number; readonly read: CellReader }
  | { readonly kind: 'group'; readonly key: string; readonly children: Node[] };

function groupOf(children: Node[], key: string): Node[] {
  const found = children.find((n) => n.kind === 'group' && n.key === key);
  if (found?.kind === 'group') return found.children;
  const group: Node = { kind: 'group', key, children: [] };
  children.push(group);
  return group.children;
}

/** Builds one level: its values in column order; `null` for a relationship whose every cell is empty. */
function build(nodes: readonly Node[], row: readonly string[], nullWhenEmpty: boolean): SourceRecord | null {
  const out: SourceRecord = {};
  let any = false;
  for (const node of nodes) {
    const value = node.kind === 'cell' ? node.read(row[node.index] ?? '') : build(node.children, row, true);
    if (value !== null) any = true;
    out[node.key] = value;
  }
  return any || !nullWhenEmpty ? out : null;
}

/**
 * Turns CSV rows of a Bulk result into the records the REST API would give for the same query: columns
 * such as `Manager.Name` nested (`{"Manager": {"Name": …}}`), a relationship whose cells are all empty
 * `null`, empty cells `null`, numbers and booleans typed. Keys come in the REST order: the columns' order,
 * a relationship where its first column is.
 */
export function csvRecordBuilder(columns: readonly TypedColumn[]): (row: readonly string[]) => SourceRecord {
  const root: Node[] = [];
  for (const [index, column] of columns.entries()) {
    let level = root;
    for (const part of column.path.slice(0, -1)) level = groupOf(level, part);
    level.push({ kind: 'cell', key: column.path.at(-1) as string, index, read: column.read });
  }
  return (row) => build(root, row, false) as SourceRecord;
}
