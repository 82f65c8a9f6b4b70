import type { StoredAttribute } from 'tributary-kit';
import type { UsersFormat } from './format-users.js';

type Rows = Iterable<StoredAttribute> | AsyncIterable<StoredAttribute>;
type Write = (text: string) => void;

interface UserRow {
  readonly kind: string;
  readonly identifier: string;
  readonly values: Map<string, string | number | null>;
}

/** The attributes, ordered by user as the store returns them, gathered one user at a time. */
async function* byUser(rows: Rows): AsyncGenerator<UserRow> {
  let current: UserRow | undefined;
  for await (const row of rows) {
    if (!current || current.kind !== row.kind || current.identifier !== row.identifier) {
      if (current) yield current;
      current = { kind: row.kind, identifier: row.identifier, values: new Map() };
    }
    current.values.set(row.field, row.value);
  }
  if (current) yield current;
}

const text = (value: unknown): string =>
  value === null || value === undefined ? '' : String(value).replace(/[\r\n\t]/g, ' ');
const csvCell = (value: unknown): string => {
  const cell = value === null || value === undefined ? '' : String(value);
  return /[",\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell;
};

/**
 * `users --by-user`: one row per user, a column per field (`identifier`, then the fields in name
 * order; a field the user lacks is empty). `rows` is read twice (fields and widths, then the output),
 * one user at a time, so memory does not grow with the store.
 */
export async function writeUsersByUser(rows: () => Rows, format: UsersFormat, write: Write): Promise<number> {
  const fields = new Set<string>();
  const widths = new Map<string, number>([['identifier', 'identifier'.length]]);
  let users = 0;
  for await (const user of byUser(rows())) {
    users++;
    widths.set('identifier', Math.max(widths.get('identifier')!, text(user.identifier).length));
    for (const [field, value] of user.values) {
      fields.add(field);
      widths.set(field, Math.max(widths.get(field) ?? field.length, text(value).length));
    }
  }
  if (users === 0) {
    if (format === 'json') write('[]\n');
    return 0;
  }
  const columns = ['identifier', ...[...fields].sort()];
  if (format === 'json') {
    let first = true;
    write('[');
    for await (const user of byUser(rows())) {
      write(
        `${first ? '\n' : ',\n'}${JSON.stringify({ kind: user.kind, identifier: user.identifier, ...Object.fromEntries(user.values) })}`,
      );
      first = false;
    }
    write('\n]\n');
  } else if (format === 'csv') {
    write(`${columns.map(csvCell).join(',')}\r\n`);
    for await (const user of byUser(rows()))
      write(`${columns.map((c) => csvCell(c === 'identifier' ? user.identifier : user.values.get(c))).join(',')}\r\n`);
  } else {
    const line = (cells: readonly string[]): string =>
      `${cells
        .map((cell, i) => cell.padEnd(widths.get(columns[i]!)!))
        .join('  ')
        .trimEnd()}\n`;
    write(line(columns));
    write(line(columns.map((c) => '-'.repeat(widths.get(c)!))));
    for await (const user of byUser(rows()))
      write(line(columns.map((c) => text(c === 'identifier' ? user.identifier : user.values.get(c)))));
  }
  return users;
}
