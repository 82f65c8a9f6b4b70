import { ATTRIBUTE_COLUMNS, type StoredAttribute } from 'tributary-kit';

export type UsersFormat = 'table' | 'json' | 'csv';
export const USERS_FORMATS: readonly UsersFormat[] = ['table', 'json', 'csv'];

type Write = (text: string) => void;

function text(value: unknown): string {
  return value === null || value === undefined ? '' : String(value);
}

/** One line per attribute under a header, columns padded to `widths` (control characters shown as spaces). */
export async function writeTable(
  rows: AsyncIterable<StoredAttribute>,
  widths: readonly number[],
  write: Write,
): Promise<void> {
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd() + '\n';
  write(line(ATTRIBUTE_COLUMNS));
  write(line(widths.map((w) => '-'.repeat(w))));
  for await (const row of rows) {
    write(line(ATTRIBUTE_COLUMNS.map((column) => text(row[column]).replace(/[\r\n\t]/g, ' '))));
  }
}

/** One JSON array of objects keyed by the column names, one object per line. */
export async function writeJson(rows: AsyncIterable<StoredAttribute>, write: Write): Promise<void> {
  let first = true;
  write('[');
  for await (const row of rows) {
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
export async function writeCsv(rows: AsyncIterable<StoredAttribute>, write: Write): Promise<void> {
  write(`${ATTRIBUTE_COLUMNS.join(',')}\r\n`);
  for await (const row of rows) write(`${ATTRIBUTE_COLUMNS.map((column) => csvCell(row[column])).join(',')}\r\n`);
}
