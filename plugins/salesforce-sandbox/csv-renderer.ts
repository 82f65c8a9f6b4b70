/**
 * Renders query rows as Bulk API 2.0 CSV: a header row with the selected field paths in SELECT order
 * (`Manager.Name` for a relationship field), every value quoted with `"` doubled, a null as an empty
 * field, LF line endings.
 */
import type { ResolvedPath } from './field-path.js';
import type { FieldValue } from './sobject-table.js';

export interface CsvRenderer {
  readonly header: string;
  /** The CSV line (with its LF) of the row at `index`. */
  readonly row: (index: number) => string;
}

function cell(value: FieldValue): string {
  if (value === null) return '';
  const text = typeof value === 'string' ? value : typeof value === 'boolean' ? String(value) : JSON.stringify(value);
  return `"${text.replace(/"/g, '""')}"`;
}

export function compileCsvRenderer(
  columns: readonly { readonly name: string; readonly path: ResolvedPath }[],
): CsvRenderer {
  const header = `${columns.map((c) => cell(c.name)).join(',')}\n`;
  const reads = columns.map((c) => c.path.read);
  return {
    header,
    row: (index) => {
      let line = '';
      for (let k = 0; k < reads.length; k++)
        line += (k > 0 ? ',' : '') + cell((reads[k] as (i: number) => FieldValue)(index));
      return `${line}\n`;
    },
  };
}
