import type { SourceRecord } from '../../../core/index.js';

/**
 * A copy of a Salesforce record without its `attributes` blocks, nested relationship objects and
 * sub-query results included; `null` relationships stay `null`. Copying is cheaper than `delete`,
 * which would push every record into V8's slow dictionary mode right before mapping reads it.
 */
export function stripAttributes(record: Readonly<Record<string, unknown>>): SourceRecord {
  const out: SourceRecord = {};
  for (const key in record) {
    if (key === 'attributes') continue;
    const value = record[key];
    out[key] = value !== null && typeof value === 'object' ? stripValue(value) : value;
  }
  return out;
}

function stripValue(value: object): unknown {
  if (Array.isArray(value)) return value.map((item: unknown) => (item !== null && typeof item === 'object' ? stripValue(item) : item));
  return stripAttributes(value as Record<string, unknown>);
}

/** `attributes.type` of a raw record (`User`), when present. */
export function recordType(record: Readonly<Record<string, unknown>>): string | undefined {
  const attributes = record['attributes'];
  if (attributes === null || typeof attributes !== 'object') return undefined;
  const type = (attributes as Record<string, unknown>)['type'];
  return typeof type === 'string' ? type : undefined;
}
