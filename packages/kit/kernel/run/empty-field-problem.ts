import { closestName } from '../../core/closest-name.js';
import { formatCount, type FieldMappingConfig } from '../../core/index.js';

const KEYWORDS = new Set(['and', 'or', 'in', 'true', 'false', 'null', 'function']);

/** The property names an expression reads: plain and backticked names, not `$variables` nor string literals. */
export function namesIn(source: string): string[] {
  const withoutStrings = source.replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'/g, '""');
  const names: string[] = [];
  for (const match of withoutStrings.matchAll(/\u0060([^\u0060]+)\u0060|(\$?)([A-Za-z_][A-Za-z0-9_]*)/g)) {
    const name = match[1] ?? (match[2] === '' ? match[3] : undefined);
    if (name !== undefined && !KEYWORDS.has(name) && !names.includes(name)) names.push(name);
  }
  return names;
}

/** For each name of `source` that no record had, the closest name the records had: `Departmnet` → `Department`. */
export function suggestNames(source: string, seen: readonly string[]): string[] {
  const known = new Set(seen);
  const lower = seen.map((name) => name.toLowerCase());
  const suggestions: string[] = [];
  for (const name of namesIn(source)) {
    if (known.has(name)) continue;
    const close = closestName(name, lower);
    const original = close === undefined ? undefined : seen[lower.indexOf(close)];
    if (original !== undefined && !suggestions.includes(original)) suggestions.push(original);
  }
  return suggestions;
}

/**
 * One clause per field that has no value on any processed row: it names the field and its source, says
 * to check the spelling, and suggests the close names the records had.
 */
export function describeEmptyField(field: FieldMappingConfig, processedRows: number, seen: readonly string[]): string {
  const suggestions = suggestNames(field.source, seen);
  const hint = suggestions.length > 0 ? ` (did you mean ${suggestions.join(' or ')}?)` : '';
  return `field ${field.target} has no value on any of the ${formatCount(processedRows)} processed rows: check the spelling of ${field.source} and that the source selects it${hint}`;
}
