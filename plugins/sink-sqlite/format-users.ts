import { ATTRIBUTE_COLUMNS, type StoredAttribute } from './query-users.js';

export type UsersFormat = 'table' | 'json' | 'csv';
export const USERS_FORMATS: readonly UsersFormat[] = ['table', 'json', 'csv'];

type Write = (text: string) => void;

function text(value: unknown): string {
  return value === null || value === undefined ? '' : String(value);
}

/** One line per attribute under a header, columns padded to `widths` (control characters shown as spaces). */
export function writeTable(rows: Iterable<StoredAttribute>, widths: readonly number[], write: Write): void {
  const line = (cells: readonly string[]): string =>
    cells.map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  ').trimEnd() + '\n';
  write(line(ATTRIBUTE_COLUMNS));
  write(line(widths.map((w) => '-'.repeat(w))));
  for (const row of rows) {
    write(line(ATTRIBUTE_COLUMNS.map((column) => text(row[column]).replace(/[\r\n\t]/g, ' '))));
  }
}

/** One JSON array of objects keyed by the column names, one object per line. */
export function writeJson(rows: Iterable<StoredAttribute>, write: Write): void {
  let first = true;
  write('[');
  for (const row of rows) {
    write(`${first ? '\n' : ',\n'}${JSON.stringify(row)}`);
    first = false;
  }
  write(first ? ']\n' : '\n]\n');
}

function csvCell(value: unknown): string {
  const cell = text(value);
  return /[",\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell;
}

/** RFC 4180 CSV with a header line. */
export function writeCsv(rows: Iterable<StoredAttribute>, write: Write): void {
  write(`${ATTRIBUTE_COLUMNS.join(',')}\r\n`);
  for (const row of rows) write(`${ATTRIBUTE_COLUMNS.map((column) => csvCell(row[column])).join(',')}\r\n`);
}
