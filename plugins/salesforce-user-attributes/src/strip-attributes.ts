import { FatalError, MAX_RECORD_DEPTH, type SourceRecord } from 'tributary-kit';

/**
 * A copy of a Salesforce record without its `attributes` blocks, nested relationship objects and
 * sub-query results included; `null` relationships stay `null`. Copying is cheaper than `delete`,
 * which would push every record into V8's slow dictionary mode right before mapping reads it. A record
 * nesting deeper than {@link MAX_RECORD_DEPTH} fails the read (`SF_RECORD_TOO_DEEP`).
 */
export function stripAttributes(record: Readonly<Record<string, unknown>>): SourceRecord {
  return stripObject(record, 1);
}

function stripObject(record: Readonly<Record<string, unknown>>, depth: number): SourceRecord {
  if (depth > MAX_RECORD_DEPTH) {
    throw new FatalError(
      'SF_RECORD_TOO_DEEP',
      `Salesforce answered with a record nesting objects more than ${MAX_RECORD_DEPTH} levels deep (relationships nest at most 5): this is no query result the connector can read`,
    );
  }
  const out: SourceRecord = {};
  for (const key in record) {
    if (key === 'attributes') continue;
    const value = record[key];
    out[key] = value !== null && typeof value === 'object' ? stripValue(value, depth + 1) : value;
  }
  return out;
}

function stripValue(value: object, depth: number): unknown {
  if (Array.isArray(value))
    return value.map((item: unknown) =>
      item !== null && typeof item === 'object' ? stripValue(item, depth + 1) : item,
    );
  return stripObject(value as Record<string, unknown>, depth);
}

/** `attributes.type` of a raw record (`User`), when present. */
export function recordType(record: Readonly<Record<string, unknown>>): string | undefined {
  const attributes = record['attributes'];
  if (attributes === null || typeof attributes !== 'object') return undefined;
  const type = (attributes as Record<string, unknown>)['type'];
  return typeof type === 'string' ? type : undefined;
}
