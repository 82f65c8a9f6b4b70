import { describeError, type IdentifierKind, type SinkConfig, type UserAttributeReader } from '../../core/index.js';

/** What a store holds for some users: per identifier key (trimmed, lower-cased), each field's value as text. */
type StoredValues = ReadonlyMap<string, ReadonlyMap<string, string | null>>;

/** A store read, or why it could not be. */
export type StoreRead =
  { readonly read: true; readonly values: StoredValues } | { readonly read: false; readonly reason: string };

/** The key a store compares identifiers by. */
export function storeKey(identifier: string): string {
  return identifier.trim().toLowerCase();
}

/**
 * What the store of `sink` holds for the users `identifiers` (of `kind`), read through the reader of
 * its type as `tributary users` reads it (`UserAttributeReaders`). A sink without a reader, a store
 * that holds nothing yet, or one that cannot be read gives the reason instead; never throws.
 */
export async function readStoredValues(
  sink: SinkConfig | undefined,
  readers: readonly UserAttributeReader[],
  kind: IdentifierKind,
  identifiers: readonly string[],
): Promise<StoreRead> {
  if (!sink) return { read: false, reason: 'the connector has no sink' };
  const reader = readers.find((r) => r.sinkType === sink.type);
  if (!reader) return { read: false, reason: `no plugin reads the store of the sink "${sink.id}" (type ${sink.type})` };
  try {
    const view = await reader.open(sink);
    if (typeof view === 'string') return { read: false, reason: view };
    try {
      const values = new Map<string, Map<string, string | null>>();
      for (const key of new Set(identifiers.map(storeKey))) {
        const fields = new Map<string, string | null>();
        for await (const attribute of view.rows({ identifier: key })) {
          if (attribute.kind !== kind) continue;
          fields.set(attribute.field, attribute.value === null ? null : String(attribute.value));
        }
        values.set(key, fields);
      }
      return { read: true, values };
    } finally {
      await view.close();
    }
  } catch (error) {
    return { read: false, reason: `the store of the sink "${sink.id}" could not be read: ${describeError(error)}` };
  }
}
