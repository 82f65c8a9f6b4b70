import type { SinkRecord } from '../../core/index.js';

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
