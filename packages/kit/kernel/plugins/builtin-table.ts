import type { Plugin } from '../../core/index.js';

/** The type of the sink a config without `sinks` (and without `cluster:`) gets: the host's embedded store. */
export const DEFAULT_SINK_TYPE = 'sqlite';

/** The config's lists whose entries name what a plugin contributes. */
export type NamingList = 'connectors' | 'credentials' | 'sinks';

/**
 * One built-in plugin of a host: where its modules are, and what the kernel needs to know to choose it
 * without importing it. The kernel knows no built-in of its own: whoever builds a host hands it a table.
 */
export interface BuiltinPlugin {
  readonly id: string;
  /** Its entry module, which default-exports the plugin. */
  readonly url: URL;
  /**
   * Its command declarations, when it contributes commands: a module exporting `commands` (the name and
   * summary of each), so that `--help` lists them, and a command line finds its plugin, without importing it.
   */
  readonly commandsUrl?: URL;
  /**
   * What it contributes that a config names: the template of a `connectors` entry, the `type` of a
   * `credentials` or `sinks` entry.
   */
  readonly names?: Partial<Record<NamingList, readonly string[]>>;
  /**
   * `cluster`: it loads only with `cluster:` in the config. `server`: it contributes only to what serve's
   * HTTP server answers, and a host that serves no HTTP skips it (`withoutServerPlugins`).
   */
  readonly belongsTo?: 'cluster' | 'server';
  /** It enforces the limits: it loads even without the other built-ins, unless a plugin given inline takes its id. */
  readonly enforcesLimits?: boolean;
}

/** A host's built-in plugins, in load order. */
export type BuiltinTable = readonly BuiltinPlugin[];

/** Which of a table's built-ins a host loads. */
export interface BuiltinChoice {
  /** Only those enforcing the limits, unless a plugin given inline (`inlineIds`) takes their id. */
  readonly withoutBuiltins?: boolean;
  /** Not those that belong to serve's HTTP server. */
  readonly withoutServerPlugins?: boolean;
  /** The config has `cluster:`: those that belong to the cluster too. */
  readonly cluster?: boolean;
  readonly inlineIds?: readonly string[];
}

/**
 * The built-ins of `table` a host loads, in load order: all of them (the cluster's with `cluster`; not
 * the server's with `withoutServerPlugins`), or with `withoutBuiltins` only those enforcing the limits
 * that no plugin given inline replaces.
 */
export function builtinsToLoad(table: BuiltinTable, choice: BuiltinChoice): BuiltinTable {
  if (choice.withoutBuiltins)
    return table.filter((entry) => entry.enforcesLimits && !choice.inlineIds?.includes(entry.id));
  return table.filter(
    (entry) =>
      (entry.belongsTo !== 'cluster' || choice.cluster) &&
      (entry.belongsTo !== 'server' || !choice.withoutServerPlugins),
  );
}

/** The plugin a built-in's entry module default-exports (not checked: the loader checks what it loads). */
export async function importBuiltin(entry: BuiltinPlugin): Promise<Plugin> {
  return ((await import(entry.url.href)) as { default: Plugin }).default;
}

/** What a table says of a built-in beyond where it is; `commands`: it declares them in `commands` beside its entry. */
export type BuiltinAbout = Omit<BuiltinPlugin, 'id' | 'url' | 'commandsUrl'> & { readonly commands?: true };

/**
 * URL of the module `path` (no extension) relative to `from`, the import.meta.url of the module asking:
 * with `from`'s extension, so that the source under tsx finds sources and dist/ finds dist/.
 */
export function moduleBeside(from: string, path: string): URL {
  return new URL(`${path}.${from.endsWith('.ts') ? 'ts' : 'js'}`, from);
}

/**
 * A table's entry for the built-in in the folder `<plugins>/<id>/`, where `plugins` is a folder relative
 * to `from` (the import.meta.url of the module writing the table).
 */
export function builtinIn(from: string, plugins: string, id: string, about: BuiltinAbout = {}): BuiltinPlugin {
  const { commands, ...rest } = about;
  const url = moduleBeside(from, `${plugins}/${id}/index`);
  return { id, url, ...(commands && { commandsUrl: moduleBeside(from, `${plugins}/${id}/commands`) }), ...rest };
}
