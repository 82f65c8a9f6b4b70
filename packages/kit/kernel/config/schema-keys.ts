/** One step of a path into the validated value: the key, and the value found under it. */
export interface PathStep {
  readonly key: unknown;
  readonly value: unknown;
}

/**
 * The keys a valibot object schema allows at a path of the config (`connectors`, `0`, `mapping` →
 * `identification`, `identifier`, …), read from the schema itself, so that an unknown key can be
 * answered with the closest known one. Wrappers (optional, nullable, pipes) are looked through, a
 * lazy schema is asked with the value at its place, and a union gives the keys of all its options.
 * Empty when the path leads to no object schema.
 */
export function knownKeysAt(schema: unknown, root: unknown, path: readonly PathStep[]): string[] {
  let current = candidates(schema, root);
  for (const { key, value } of path) {
    current = current.flatMap((node) => {
      const entries = node['entries'] as Record<string, unknown> | undefined;
      if (entries && typeof key === 'string' && key in entries) return candidates(entries[key], value);
      if (node['item'] !== undefined && typeof key === 'number') return candidates(node['item'], value);
      if (node['value'] !== undefined && node['type'] === 'record') return candidates(node['value'], value);
      return [];
    });
  }
  return [...new Set(current.flatMap((node) => (node['entries'] ? Object.keys(node['entries'] as object) : [])))];
}

type SchemaNode = Record<string, unknown>;

/** The schemas a value at this point is checked against, wrappers removed. */
function candidates(schema: unknown, value: unknown): SchemaNode[] {
  if (schema === null || typeof schema !== 'object') return [];
  const node = schema as SchemaNode;
  if (node['kind'] !== 'schema') return [];
  const nested: SchemaNode[] = [];
  if (node['wrapped'] !== undefined) nested.push(...candidates(node['wrapped'], value));
  if (typeof node['getter'] === 'function')
    nested.push(...candidates((node['getter'] as (input: unknown) => unknown)(value), value));
  if (Array.isArray(node['options'])) for (const option of node['options']) nested.push(...candidates(option, value));
  if (Array.isArray(node['pipe'])) for (const item of node['pipe'].slice(1)) nested.push(...candidates(item, value));
  return nested.length ? [node, ...nested] : [node];
}
