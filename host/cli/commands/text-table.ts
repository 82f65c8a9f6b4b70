/** One column of a {@link textTable}: its header, and whether its cells line up on the right (numbers). */
interface TextColumn {
  readonly header: string;
  readonly numeric?: boolean;
}

/**
 * Aligned columns under a header and a rule, two spaces apart, each line after `indent`; the cells as
 * they are.
 */
export function alignedTable(
  columns: readonly TextColumn[],
  rows: ReadonlyArray<readonly string[]>,
  indent = '',
): string {
  const widths = columns.map((c, i) => Math.max(c.header.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (values: readonly string[]): string =>
    `${indent}${values
      .map((v, i) => (columns[i]!.numeric ? v.padStart(widths[i]!) : v.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd()}\n`;
  return [
    line(columns.map((c) => c.header)),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.map((row) => line(columns.map((_, i) => row[i] ?? ''))),
  ].join('');
}

/**
 * Aligned columns under a header and a rule, two spaces apart, as the operator commands print them;
 * line breaks inside a cell shown as spaces.
 */
export function textTable(columns: readonly TextColumn[], rows: ReadonlyArray<readonly string[]>): string {
  return alignedTable(
    columns,
    rows.map((row) => row.map((cell) => cell.replace(/\s*[\r\n]+\s*/g, ' '))),
  );
}

/** An ISO 8601 UTC time to the second, as the tables show it: `2026-03-01T09:55:00Z`. */
export function utcSecond(iso: string): string {
  return iso.replace(/\.\d{3}Z$/, 'Z');
}
