import type { SinkRecord } from '../../../core/index.js';

/** COPY's text format: a backslash, tab, newline or carriage return inside a value is escaped. */
const SPECIAL = /[\\\t\n\r]/;
const ESCAPES: Readonly<Record<string, string>> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

function field(text: string): string {
  return SPECIAL.test(text) ? text.replace(/[\\\t\n\r]/g, (c) => ESCAPES[c]!) : text;
}

/** The staging lines of a batch: kind, lower-cased identifier, identifier and the fields as JSON, tab-separated. */
export function copyLines(records: readonly SinkRecord[]): string {
  let out = '';
  for (let i = 0; i < records.length; i++) {
    const { identifier, fields } = records[i]!;
    out += `${identifier.kind}\t${field(identifier.value.toLowerCase())}\t${field(identifier.value)}\t${field(JSON.stringify(fields))}\n`;
  }
  return out;
}
