import type { SinkIdentifier, SinkRecord } from 'tributary-kit';

/**
 * The lines of a batch, in order, each exactly
 * `{"identifier":{"kind":"upn","value":"…"},"fields":{…}}` followed by `\n`.
 */
export function jsonlLines(records: readonly SinkRecord[]): string {
  let text = '';
  for (let i = 0; i < records.length; i++) {
    const { identifier, fields } = records[i]!;
    text += `{"identifier":{"kind":${JSON.stringify(identifier.kind)},"value":${JSON.stringify(identifier.value)}},"fields":${JSON.stringify(fields)}}\n`;
  }
  return text;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The user of one line as {@link jsonlLines} writes it (without its `\n`), or undefined when the line
 * is not such a record: not JSON, no `identifier` with a `kind` of `upn` or `email` and a string
 * `value`, or no `fields` object.
 */
export function jsonlLineIdentifier(line: string): SinkIdentifier | undefined {
  let record: unknown;
  try {
    record = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (!isObject(record) || !isObject(record['fields'])) return undefined;
  const identifier = record['identifier'];
  if (!isObject(identifier) || typeof identifier['value'] !== 'string') return undefined;
  const kind = identifier['kind'];
  return kind === 'upn' || kind === 'email' ? { kind, value: identifier['value'] } : undefined;
}
