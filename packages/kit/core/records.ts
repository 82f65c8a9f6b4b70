/**
 * How deep a record may nest objects and arrays. A connector that walks its records (the Salesforce
 * connector copies them without their `attributes` blocks) refuses a deeper one with a clear error
 * instead of overflowing the stack; real sources nest a handful of levels.
 */
export const MAX_RECORD_DEPTH = 64;

/** A record as a source delivers it: plain JSON, relationship fields nested, no `attributes`. */
export type SourceRecord = Record<string, unknown>;

export type IdentifierKind = 'upn' | 'email';

/**
 * The longest string a mapped value (or an identifier) may be, in characters: a longer one rejects its
 * row (`MAPPING_VALUE_TOO_LONG`). Salesforce's longest text fields hold 131,072.
 */
export const MAX_FIELD_LENGTH = 1_048_576;

/** A value a sink stores: a string (ISO 8601 for dates, '' to clear) or an integer. */
export type FieldValue = string | number;

/** What a sink receives for one row. A field left out is left unchanged (`onMissingValue: keep`). */
export interface SinkRecord {
  readonly identifier: { readonly kind: IdentifierKind; readonly value: string };
  readonly fields: Readonly<Record<string, FieldValue>>;
}
