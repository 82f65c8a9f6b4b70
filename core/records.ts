/** A record as a source delivers it: plain JSON, relationship fields nested, no `attributes`. */
export type SourceRecord = Record<string, unknown>;

export type IdentifierKind = 'upn' | 'email';

/** A value a sink stores: a string (ISO 8601 for dates, '' to clear) or an integer. */
export type FieldValue = string | number;

/** What a sink receives for one row. A field left out is left unchanged (`onMissingValue: keep`). */
export interface SinkRecord {
  readonly identifier: { readonly kind: IdentifierKind; readonly value: string };
  readonly fields: Readonly<Record<string, FieldValue>>;
}
