import type { SinkIdentifier, SinkRecord } from 'tributary-kit';

/** COPY's text format: a backslash, tab, newline or carriage return inside a value is escaped. */
const SPECIAL = /[\\\t\n\r]/;
const ESCAPES: Readonly<Record<string, string>> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/** One value in COPY's text format: special characters escaped, `null` as COPY's null marker. */
export function copyValue(text: string | null): string {
  return text === null ? '\\N' : field(text);
}

function field(text: string): string {
  return SPECIAL.test(text) ? text.replace(/[\\\t\n\r]/g, (c) => ESCAPES[c]!) : text;
}

/** A user's first three staging columns: kind, lower-cased identifier and identifier, tab-separated. */
function identifierColumns({ kind, value }: SinkIdentifier): string {
  return `${kind}\t${field(value.toLowerCase())}\t${field(value)}`;
}

/** The staging lines of a batch: kind, lower-cased identifier, identifier and the fields as JSON, tab-separated. */
export function copyLines(records: readonly SinkRecord[]): string {
  let out = '';
  for (let i = 0; i < records.length; i++) {
    const { identifier, fields } = records[i]!;
    out += `${identifierColumns(identifier)}\t${field(JSON.stringify(fields))}\n`;
  }
  return out;
}

/** The staging lines of users alone: kind, lower-cased identifier and identifier, tab-separated. */
export function identifierLines(identifiers: readonly SinkIdentifier[]): string {
  let out = '';
  for (let i = 0; i < identifiers.length; i++) out += `${identifierColumns(identifiers[i]!)}\n`;
  return out;
}
