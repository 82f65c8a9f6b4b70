import {
  ConfigProblemsError,
  DEPRECATED_PLUGIN_API_VERSION,
  HostContextService,
  HttpClientService,
  isPlugin,
  PLUGIN_API_VERSION,
  type ConfigProblem,
  type HostContext,
  type HttpClient,
  type Plugin,
} from '../../core/index.js';
import { builtinsToLoad, type BuiltinPlugin, type BuiltinTable } from './builtin-table.js';
import { resolvePluginSpecifier } from './import-plugin-module.js';
import { PluginRegistry, REGISTRY_POINTS, type PluginContributions } from './plugin-registry.js';
import { openRunScope, validationRunContext } from '../run/run-scope.js';
import { addContributions } from './add-contributions.js';
import { adaptV1Plugin, deprecationWarning } from './adapt-v1-plugin.js';
import { PluginLifecycle } from './plugin-lifecycle.js';
import { registerPlugin } from './register-plugin.js';
import { ServiceTable } from './service-table.js';
import type { LoadedPlugins, WiredPlugin } from './loaded-plugins.js';
import { V1Container } from './v1-container.js';

const PLUGIN_ID = /^[a-z][a-z0-9-]*(\/[a-z][a-z0-9-]*)?$/;
const SEMVER = /^\d+\.\d+\.\d+(?:[-+][0-9A-Za-z.-]+)?$/;

interface PluginSource {
  /** `built-in`, the `plugins:` entry, or `inline` for plugin objects handed over in code. */
  readonly source: string;
  /** How problems name it before its manifest is known. */
  readonly label: string;
  readonly load: () => Promise<unknown>;
}

export interface LoadPluginsOptions {
  /** `plugins:` entries from the config. */
  readonly extra: readonly string[];
  /** Folder the entries are relative to (the config file's). */
  readonly baseDir: string;
  readonly hostContext: HostContext;
  readonly http: HttpClient;
  /** The built-in plugins the host may load (the kernel knows none of its own). */
  readonly builtins: BuiltinTable;
  /** Plugin objects given directly (embedding, tests). */
  readonly inline?: readonly Plugin[];
  /**
   * Skip the built-ins (tests of a single plugin), except the execution log, which enforces the limits:
   * it loads unless a plugin given inline takes its id.
   */
  readonly withoutBuiltins?: boolean;
  /** The config has `cluster:`: the cluster's built-in plugins load too. */
  readonly cluster?: boolean;
  /** Skip the built-ins that contribute only to serve's HTTP server (a host that serves no HTTP). */
  readonly withoutServerPlugins?: boolean;
}

function builtinSource(entry: BuiltinPlugin): PluginSource {
  return { source: 'built-in', label: `built-in plugin "${entry.id}"`, load: () => import(entry.url.href) };
}

function sources(options: LoadPluginsOptions): PluginSource[] {
  const builtins = builtinsToLoad(options.builtins, {
    withoutBuiltins: options.withoutBuiltins,
    withoutServerPlugins: options.withoutServerPlugins,
    cluster: options.cluster,
    inlineIds: options.inline?.map((p) => p.id),
  });
  const list = builtins.map(builtinSource);
  for (const entry of options.extra) {
    list.push({
      source: entry,
      label: `plugin "${entry}"`,
      load: () => import(resolvePluginSpecifier(entry, options.baseDir)),
    });
  }
  for (const plugin of options.inline ?? []) {
    list.push({
      source: 'inline',
      label: `plugin "${String(plugin.id)}"`,
      load: () => Promise.resolve({ default: plugin }),
    });
  }
  return list;
}

function manifestProblems(plugin: Plugin): string[] {
  const problems: string[] = [];
  if (typeof plugin.id !== 'string' || !PLUGIN_ID.test(plugin.id))
    problems.push(`id "${String(plugin.id)}" must match ${PLUGIN_ID}`);
  if (typeof plugin.version !== 'string' || !SEMVER.test(plugin.version))
    problems.push(`version "${String(plugin.version)}" is not a semver version`);
  if (plugin.apiVersion === PLUGIN_API_VERSION) {
    if (typeof (plugin as { register?: unknown }).register !== 'function')
      problems.push('has no register(env) function');
  } else if (plugin.apiVersion === DEPRECATED_PLUGIN_API_VERSION) {
    if (typeof (plugin.module as { load?: unknown } | undefined)?.load !== 'function')
      problems.push('has no ContainerModule in "module"');
  } else {
    problems.push(
      `targets plugin API ${String((plugin as { apiVersion: unknown }).apiVersion)}, this host implements API ${PLUGIN_API_VERSION} (and still loads API ${DEPRECATED_PLUGIN_API_VERSION})`,
    );
  }
  return problems;
}

/** Imports every plugin and checks its manifest; every problem is collected, each naming its plugin. */
async function importPlugins(
  options: LoadPluginsOptions,
  problems: ConfigProblem[],
): Promise<Array<{ plugin: Plugin; source: string }>> {
  const plugins: Array<{ plugin: Plugin; source: string }> = [];
  for (const { source, label, load } of sources(options)) {
    let exported: unknown;
    try {
      exported = ((await load()) as { default?: unknown }).default;
    } catch (error) {
      problems.push({ path: label, message: `failed to load: ${(error as Error).message.split('\n')[0]}` });
      continue;
    }
    if (!isPlugin(exported)) {
      problems.push({
        path: label,
        message: 'does not default-export definePlugin({ id, version, apiVersion, register })',
      });
      continue;
    }
    const name = `plugin "${exported.id}"`;
    for (const message of manifestProblems(exported)) problems.push({ path: name, message });
    const twin = plugins.find((p) => p.plugin.id === exported.id);
    if (twin) {
      problems.push({ path: name, message: `is loaded twice (from ${source} and ${twin.source})` });
      continue;
    }
    plugins.push({ plugin: exported, source });
  }
  return plugins;
}

/**
 * Imports and validates every plugin (the table's built-ins, then `plugins:` entries, then inline ones), registers
 * each (API 2) or loads its module (API 1, with a deprecation warning), then resolves and checks what
 * each contributes. Every problem is reported at once, each naming its plugin; nothing runs if there is any.
 */
export async function loadPlugins(options: LoadPluginsOptions): Promise<LoadedPlugins> {
  const problems: ConfigProblem[] = [];
  const plugins = await importPlugins(options, problems);
  if (problems.length) throw new ConfigProblemsError(problems, 'Plugins failed validation');

  const registry = new PluginRegistry();
  const services = new ServiceTable(
    [
      [HostContextService, options.hostContext],
      [HttpClientService, options.http],
    ],
    (point) => registry.contributions(point),
  );
  const container = new V1Container(services);
  const lifecycle = new PluginLifecycle();
  const wired: WiredPlugin[] = [];
  const v1Bindings = new Map<string, number>();
  for (const { plugin } of plugins) {
    const problem = (message: string): void => void problems.push({ path: `plugin "${plugin.id}"`, message });
    try {
      if (plugin.apiVersion === DEPRECATED_PLUGIN_API_VERSION)
        options.hostContext.logger.warn(deprecationWarning(plugin.id));
      const wiring =
        plugin.apiVersion === DEPRECATED_PLUGIN_API_VERSION
          ? await adaptV1Plugin(plugin, container.get(), services, v1Bindings, problem)
          : registerPlugin(plugin, services, lifecycle, problem);
      wired.push({ plugin, wiring });
    } catch (error) {
      problem(`failed while registering its contributions: ${(error as Error).message.split('\n')[0]}`);
    }
  }
  container.registered();
  if (problems.length) throw new ConfigProblemsError(problems, 'Plugins failed validation');
  const loaded: LoadedPlugins = { container, registry, services, lifecycle, wired };
  resolveContributions(loaded, plugins, options, problems);
  if (problems.length) throw new ConfigProblemsError(problems, 'Plugins failed validation');
  return loaded;
}

/** Resolves every plugin's contributions (as a run would: in a run scope, here a validation one) into the registry. */
function resolveContributions(
  loaded: LoadedPlugins,
  plugins: ReadonlyArray<{ plugin: Plugin; source: string }>,
  options: LoadPluginsOptions,
  problems: ConfigProblem[],
): void {
  const probe = openRunScope(loaded, validationRunContext(options.hostContext.logger));
  for (const [index, { plugin, wiring }] of loaded.wired.entries()) {
    const problem = (message: string): void => void problems.push({ path: `plugin "${plugin.id}"`, message });
    let added = new Map<string, string[]>();
    try {
      added = addContributions(loaded.registry, plugin.id, wiring.resolve(probe.scope), problem);
    } catch (error) {
      problem(`failed while binding its contributions: ${(error as Error).message.split('\n')[0]}`);
      continue;
    }
    const contributions = Object.fromEntries(
      Object.entries(REGISTRY_POINTS).map(([kind, point]) => [kind, added.get(point.id) ?? []]),
    ) as unknown as PluginContributions;
    loaded.registry.plugins.push({
      plugin,
      source: plugins[index]?.source ?? 'inline',
      contributions,
      contributed: added,
    });
  }
}
