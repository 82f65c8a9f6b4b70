import type { SourceField } from '../../core/index.js';

const HEADERS = ['NAME', 'TYPE', 'LABEL', 'REFERENCE TO'] as const;

/** The fields as `tributary describe` prints them: aligned columns under a header, each line indented. */
export function fieldTable(fields: readonly SourceField[], indent = '  '): string {
  const rows = fields.map((f) => [f.name, f.type, f.label ?? '', (f.referenceTo ?? []).join(', ')]);
  const widths = HEADERS.map((header, i) => Math.max(header.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: readonly string[]): string =>
    `${indent}${cells
      .map((cell, i) => cell.padEnd(widths[i]!))
      .join('  ')
      .trimEnd()}\n`;
  return [line(HEADERS), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('');
}
