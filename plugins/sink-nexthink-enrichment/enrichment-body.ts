import type { FieldValue, SinkRecord } from 'tributary-kit';

interface EnrichmentField {
  readonly name: string;
  readonly value: FieldValue;
}

/** One object of the Enrichment API request: exactly one identification and the fields to set. */
export interface Enrichment {
  readonly identification: readonly [{ readonly name: 'user/user/upn'; readonly value: string }];
  readonly fields: readonly EnrichmentField[];
}

export interface EnrichmentRequestBody {
  readonly domain: string;
  readonly enrichments: readonly Enrichment[];
}

const fieldNames = new Map<string, string>();

/**
 * The Nexthink field a mapping target writes: `department` → `user/user/#department`; `#department` →
 * `user/user/#department`; a full name with a slash (`user/user/organization/#entity`) is kept as is.
 */
function nexthinkFieldName(target: string): string {
  let name = fieldNames.get(target);
  if (name === undefined) {
    name = target.includes('/') ? target : target.startsWith('#') ? `user/user/${target}` : `user/user/#${target}`;
    fieldNames.set(target, name);
  }
  return name;
}

/** The enrichment for one record, or undefined when it sets no field (nothing to send). */
export function toEnrichment(record: SinkRecord): Enrichment | undefined {
  const fields: EnrichmentField[] = [];
  for (const target in record.fields) fields.push({ name: nexthinkFieldName(target), value: record.fields[target]! });
  if (fields.length === 0) return undefined;
  return { identification: [{ name: 'user/user/upn', value: record.identifier.value }], fields };
}
