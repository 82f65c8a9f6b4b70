import {
  builtinIn,
  moduleBeside,
  type BuiltinAbout,
  type BuiltinPlugin,
  type BuiltinTable,
} from 'tributary-kit/internal/kernel/plugins/builtin-table.js';
import { CREDENTIALS, EXECUTION_LOG } from 'tributary-kit/internal/testing/kit-builtins.js';

/**
 * URL of a module in a folder of the repository's `plugins/`, next to this file's tree (the source
 * under tsx, or dist/): a built-in's `index`, or the demo's sandbox.
 */
export function pluginModuleUrl(folder: string): URL {
  return moduleBeside(import.meta.url, `../../plugins/${folder}/index`);
}

/** A built-in in `plugins/<id>/`. */
const builtin = (id: string, about?: BuiltinAbout): BuiltinPlugin =>
  builtinIn(import.meta.url, '../../plugins', id, about);

/**
 * This repository's built-in plugins, in load order: the kit's (credentials and the execution log) and
 * the host's own. They use exactly the public API third-party plugins
 * use. Each lists what it contributes that a config names (a test checks it against what it registers);
 * the execution log enforces the limits; PostgreSQL's loads only with `cluster:`; the metrics and the
 * console serve HTTP only.
 */
export const BUILTIN_PLUGINS: BuiltinTable = [
  CREDENTIALS,
  builtin('salesforce-user-attributes', { names: { connectors: ['salesforce-user-attributes'] } }),
  builtin('rest-json-user-attributes', { names: { connectors: ['rest-json-user-attributes'] } }),
  EXECUTION_LOG,
  builtin('sink-sqlite', { commands: true, names: { sinks: ['sqlite'] } }),
  builtin('sink-jsonl', { names: { sinks: ['jsonl'] } }),
  builtin('sink-nexthink-enrichment', { names: { sinks: ['nexthink-enrichment'] } }),
  builtin('metrics', { belongsTo: 'server' }),
  builtin('console', { belongsTo: 'server' }),
  builtin('postgres', { belongsTo: 'cluster' }),
];
