import { toJsonSchema, type ConversionConfig, type JsonSchema } from '@valibot/to-json-schema';
import type { GenericSchema } from 'valibot';
import type { PluginRegistry } from '../plugins/plugin-registry.js';
import { configSchema, SCHEDULE_SHAPES } from './config-schema.js';

/** The JSON Schema draft the config's schema is written in: the one editors' YAML support reads best. */
const CONFIG_SCHEMA_DRAFT = 'http://json-schema.org/draft-07/schema#';

type Node = Record<string, unknown>;

/**
 * How valibot schemas become JSON Schema: the input a config file holds (before any transformation),
 * and whatever has no JSON Schema form (a `check`, a `transform`, a `custom`) left out rather than
 * refused, so that the schema allows somewhat more than the host does.
 */
const CONVERSION: ConversionConfig = { target: 'draft-07', typeMode: 'input', errorMode: 'ignore' };

/** A `${ENV_NAME}` or `${file:path}` reference: any string may be one, substituted before validation. */
const REFERENCE: Node = {
  type: 'string',
  pattern: '\\$\\{[^}]+\\}',
  description: 'a ${ENV_NAME} or ${file:path} reference, replaced by its value when the config loads',
};

/** One valibot schema as JSON Schema, without its own `$schema`; one the library cannot convert allows anything. */
function convert(schema: GenericSchema<unknown, unknown>): Node {
  try {
    const { $schema: _draft, ...json } = toJsonSchema(schema, CONVERSION) as Node;
    return json;
  } catch {
    return { description: 'checked by its plugin when the config loads (no JSON Schema form)' };
  }
}

/**
 * The entry schema of a list whose entries name their type (`credentials[].type`, `sinks[].type`,
 * `connectors[].connector`): that key limited to the loaded types, and, for each, an if/then adding
 * what its plugin's schema says (`then(schema)`).
 */
function byType(
  entry: Node,
  key: string,
  types: ReadonlyArray<readonly [string, GenericSchema<unknown, unknown>]>,
  then: (schema: Node) => Node,
): Node {
  if (types.length === 0) return entry;
  const properties = entry['properties'] as Record<string, Node>;
  return {
    ...entry,
    properties: { ...properties, [key]: { ...properties[key], enum: types.map(([id]) => id) } },
    allOf: types.map(([id, schema]) => ({
      if: { properties: { [key]: { const: id } }, required: [key] },
      then: then(convert(schema)),
    })),
  };
}

/** A credential type's entry as the host checks it: an entry without a `name` is named by its `id`. */
function withoutRequiredName(entry: Node): Node {
  const required = entry['required'];
  return Array.isArray(required) ? { ...entry, required: required.filter((key) => key !== 'name') } : entry;
}

/**
 * A connector entry with its schedule as one of its two shapes: the host picks the shape by the
 * entry's keys (a `lazy` in a pipe, which has no JSON Schema form of its own); JSON Schema says `oneOf`.
 */
function withScheduleShapes(entry: Node): Node {
  const properties = entry['properties'] as Record<string, Node>;
  return {
    ...entry,
    properties: { ...properties, schedule: { oneOf: SCHEDULE_SHAPES.map((shape) => convert(shape)) } },
  };
}

/** Every string the schema constrains (a pattern, a format) also accepts a `${…}` reference, as the host does. */
function allowReferences(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(allowReferences);
  if (node === null || typeof node !== 'object') return node;
  const copy = Object.fromEntries(Object.entries(node).map(([key, value]) => [key, allowReferences(value)])) as Node;
  const constrained = copy['type'] === 'string' && ('pattern' in copy || 'format' in copy);
  return constrained ? { anyOf: [copy, REFERENCE] } : copy;
}

/**
 * The config file's JSON Schema (draft-07), from the valibot schemas the host validates it with, and
 * the schemas of the loaded plugins: each credential type's and sink type's entry, and each connector
 * template's `parameters`, chosen by the entry's `type` or `connector`. What only the host checks (a
 * reference to an id, a secret written in the file, a JSONata expression) is not in it.
 */
export function configJsonSchema(registry: PluginRegistry): JsonSchema {
  const root = convert(configSchema);
  const properties = root['properties'] as Record<string, Node>;
  const items = (key: string) => properties[key]!['items'] as Node;
  const list = (key: string, entry: Node): Node => ({ ...properties[key], items: entry });
  const credentials = [...registry.credentialTypes.values()].map((t) => [t.type, t.schema] as const);
  const sinks = [...registry.sinkTypes.values()].map((t) => [t.type, t.schema] as const);
  const templates = [...registry.connectorTemplates.values()].map((t) => [t.id, t.parameters] as const);
  const schema = {
    $schema: CONFIG_SCHEMA_DRAFT,
    title: 'Tributary configuration',
    description: 'tributary.config.yaml: plugins, state, limits, credentials, sinks and connectors',
    ...root,
    properties: {
      ...properties,
      credentials: list('credentials', byType(items('credentials'), 'type', credentials, withoutRequiredName)),
      sinks: list(
        'sinks',
        byType(items('sinks'), 'type', sinks, (entry) => entry),
      ),
      connectors: list(
        'connectors',
        byType(withScheduleShapes(items('connectors')), 'connector', templates, (parameters) => ({
          properties: { parameters },
        })),
      ),
    },
  };
  return allowReferences(schema) as JsonSchema;
}
