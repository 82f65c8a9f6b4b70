import { csvField, type LogQueryResult } from '../../../core/index.js';

export const OUTPUT_FORMATS = ['table', 'json', 'csv'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

type Cell = string | number | null | undefined;

export interface TableOptions {
  /** Headers to show instead of the column names (`details.nql_id` → `nql_id`). */
  readonly headers?: Readonly<Record<string, string>>;
  /** Lines at most this long: the last column is cut (ending with `…`) to fit. */
  readonly maxWidth?: number;
}

/** Renders a query result for the terminal (`table`), for programs (`json`), or for spreadsheets (`csv`). */
export function formatRows(result: LogQueryResult, format: OutputFormat, table: TableOptions = {}): string {
  switch (format) {
    case 'json':
      return formatJson(result);
    case 'csv':
      return formatCsv(result);
    default:
      return formatTable(result, table);
  }
}

/** One JSON array of flat objects keyed by the column names, in column order. */
function formatJson({ columns, rows }: LogQueryResult): string {
  const objects = rows.map((row) => Object.fromEntries(columns.map((c) => [c, row[c] ?? null])));
  return `${JSON.stringify(objects, null, 2)}\n`;
}

/** RFC 4180: a header line, CRLF line breaks, fields quoted when they hold `,`, `"`, CR or LF. */
function formatCsv({ columns, rows }: LogQueryResult): string {
  const line = (cells: readonly Cell[]) => cells.map(csvField).join(',');
  return [line(columns), ...rows.map((row) => line(columns.map((c) => row[c])))].map((l) => `${l}\r\n`).join('');
}

/**
 * Aligned columns under a header; numbers right-aligned; line breaks inside a cell shown as spaces;
 * with `maxWidth`, the last column cut to fit.
 */
function formatTable({ columns, rows }: LogQueryResult, options: TableOptions): string {
  if (rows.length === 0) return '(no entries)\n';
  const text = (value: Cell) =>
    value === null || value === undefined ? '' : String(value).replace(/\s*[\r\n]+\s*/g, ' ');
  const headers = columns.map((c) => options.headers?.[c] ?? c);
  const cells = rows.map((row) => columns.map((c) => text(row[c])));
  const numeric = columns.map((c) => rows.every((row) => typeof row[c] === 'number'));
  const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((r) => r[i]!.length)));
  const last = widths.length - 1;
  const room =
    options.maxWidth === undefined
      ? Infinity
      : options.maxWidth - widths.slice(0, last).reduce((sum, w) => sum + w + 2, 0);
  if (widths[last]! > room) {
    widths[last] = Math.max(headers[last]!.length, room);
    for (const r of cells) if (r[last]!.length > widths[last]!) r[last] = `${r[last]!.slice(0, widths[last]! - 1)}…`;
  }
  const line = (values: readonly string[]) =>
    values
      .map((v, i) => (numeric[i] ? v.padStart(widths[i]!) : v.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)].map((l) => `${l}\n`).join('');
}
