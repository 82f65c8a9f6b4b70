import type { LogQueryResult } from '../../../core/index.js';

export const OUTPUT_FORMATS = ['table', 'json', 'csv'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

type Cell = string | number | null | undefined;

/** Renders a query result for the terminal (`table`), for programs (`json`), or for spreadsheets (`csv`). */
export function formatRows(result: LogQueryResult, format: OutputFormat): string {
  switch (format) {
    case 'json':
      return formatJson(result);
    case 'csv':
      return formatCsv(result);
    default:
      return formatTable(result);
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

function csvField(value: Cell): string {
  const text = value === null || value === undefined ? '' : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** Aligned columns under a header; numbers right-aligned; line breaks inside a cell shown as spaces. */
function formatTable({ columns, rows }: LogQueryResult): string {
  if (rows.length === 0) return '(no entries)\n';
  const text = (value: Cell) => (value === null || value === undefined ? '' : String(value).replace(/\s*[\r\n]+\s*/g, ' '));
  const cells = rows.map((row) => columns.map((c) => text(row[c])));
  const numeric = columns.map((c) => rows.every((row) => typeof row[c] === 'number'));
  const widths = columns.map((c, i) => Math.max(c.length, ...cells.map((r) => r[i]!.length)));
  const line = (values: readonly string[]) =>
    values
      .map((v, i) => (numeric[i] ? v.padStart(widths[i]!) : v.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(columns), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)].map((l) => `${l}\n`).join('');
}
