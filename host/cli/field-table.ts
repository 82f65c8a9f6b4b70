import type { SourceField } from 'tributary-kit';
import { alignedTable } from './commands/text-table.js';

const COLUMNS = [{ header: 'NAME' }, { header: 'TYPE' }, { header: 'LABEL' }, { header: 'REFERENCE TO' }] as const;

/** The fields as `tributary describe` prints them: aligned columns under a header, each line indented. */
export function fieldTable(fields: readonly SourceField[], indent = '  '): string {
  const rows = fields.map((f) => [f.name, f.type, f.label ?? '', (f.referenceTo ?? []).join(', ')]);
  return alignedTable(COLUMNS, rows, indent);
}
