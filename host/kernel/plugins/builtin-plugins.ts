/** Plugins that always load, in this order. They use exactly the public API third-party plugins use. */
export const BUILTIN_PLUGINS: readonly string[] = [
  'credentials',
  'salesforce-user-attributes',
  'rest-json-user-attributes',
  'execution-log',
  'sink-sqlite',
  'sink-jsonl',
  'sink-nexthink-enrichment',
  'metrics',
  'console',
];

/** Built-in plugins loaded only with `cluster:` in the config: PostgreSQL is not needed otherwise. */
export const CLUSTER_PLUGINS: readonly string[] = ['postgres'];

/** URL of a built-in plugin's entry module, next to this file's tree (source under tsx, or dist). */
export function builtinPluginUrl(id: string): URL {
  const extension = import.meta.url.endsWith('.ts') ? 'ts' : 'js';
  return new URL(`../../../plugins/${id}/index.${extension}`, import.meta.url);
}

/** The built-in plugin that enforces the limits: it loads even without the other built-ins. */
export const LIMITS_PLUGIN = 'execution-log';
