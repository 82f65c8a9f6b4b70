import { Container, type ServiceIdentifier } from 'inversify';
import {
  CliCommandToken,
  ConfigProblemsError,
  ConnectorTemplateToken,
  ContainerModule,
  CredentialTypeToken,
  ExecutionListenerToken,
  HostContextToken,
  HttpClientToken,
  HttpRouteToken,
  isPlugin,
  PLUGIN_API_VERSION,
  SinkTypeToken,
  type ConfigProblem,
  type HostContext,
  type HttpClient,
  type Plugin,
} from '../../../core/index.js';
import { BUILTIN_PLUGINS, CLUSTER_PLUGINS, builtinPluginUrl } from './builtin-plugins.js';
import { resolvePluginSpecifier } from './import-plugin-module.js';
import { PluginRegistry, type LoadedPlugin, type PluginContributions } from './plugin-registry.js';
import { openRunScope, validationRunContext } from '../run/run-scope.js';
import { addContributions } from './add-contributions.js';

const PLUGIN_ID = /^[a-z][a-z0-9-]*(\/[a-z][a-z0-9-]*)?$/;
const SEMVER = /^\d+\.\d+\.\d+(?:[-+][0-9A-Za-z.-]+)?$/;

export interface PluginSource {
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
  /** Plugin objects given directly (embedding, tests). */
  readonly inline?: readonly Plugin[];
  /** Skip the built-ins (tests of a single plugin). */
  readonly withoutBuiltins?: boolean;
  /** The config has `cluster:`: the cluster's built-in plugins load too. */
  readonly cluster?: boolean;
}

export interface LoadedPlugins {
  readonly container: Container;
  readonly registry: PluginRegistry;
}

const TOKENS: ReadonlyArray<[keyof PluginContributions, ServiceIdentifier]> = [
  ['connectorTemplates', ConnectorTemplateToken],
  ['credentialTypes', CredentialTypeToken],
  ['sinkTypes', SinkTypeToken],
  ['executionListeners', ExecutionListenerToken],
  ['commands', CliCommandToken],
  ['httpRoutes', HttpRouteToken],
];

function sources(options: LoadPluginsOptions): PluginSource[] {
  const list: PluginSource[] = options.withoutBuiltins
    ? []
    : [...BUILTIN_PLUGINS, ...(options.cluster ? CLUSTER_PLUGINS : [])].map((id) => ({ source: 'built-in', label: `built-in plugin "${id}"`, load: () => import(builtinPluginUrl(id).href) }));
  for (const entry of options.extra) {
    list.push({ source: entry, label: `plugin "${entry}"`, load: () => import(resolvePluginSpecifier(entry, options.baseDir)) });
  }
  for (const plugin of options.inline ?? []) {
    list.push({ source: 'inline', label: `plugin "${String(plugin.id)}"`, load: () => Promise.resolve({ default: plugin }) });
  }
  return list;
}

function manifestProblems(plugin: Plugin): string[] {
  const problems: string[] = [];
  if (typeof plugin.id !== 'string' || !PLUGIN_ID.test(plugin.id)) problems.push(`id "${String(plugin.id)}" must match ${PLUGIN_ID}`);
  if (typeof plugin.version !== 'string' || !SEMVER.test(plugin.version)) problems.push(`version "${String(plugin.version)}" is not a semver version`);
  if (plugin.apiVersion !== PLUGIN_API_VERSION) {
    problems.push(`targets plugin API ${String(plugin.apiVersion)}, this host implements API ${PLUGIN_API_VERSION}`);
  }
  if (!(plugin.module instanceof ContainerModule) && typeof (plugin.module as { load?: unknown } | undefined)?.load !== 'function') {
    problems.push('has no ContainerModule in "module"');
  }
  return problems;
}

/**
 * Imports and validates every plugin (built-ins, then `plugins:` entries), loads their modules into
 * the host's one container and collects what each contributes. Every problem is reported at once,
 * each naming its plugin; nothing runs if there is any.
 */
export async function loadPlugins(options: LoadPluginsOptions): Promise<LoadedPlugins> {
  const problems: ConfigProblem[] = [];
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
      problems.push({ path: label, message: 'does not default-export definePlugin({ id, version, apiVersion, module })' });
      continue;
    }
    const name = `plugin "${exported.id}"`;
    for (const message of manifestProblems(exported)) problems.push({ path: name, message });
    if (plugins.some((p) => p.plugin.id === exported.id)) {
      problems.push({ path: name, message: `is loaded twice (from ${source} and ${plugins.find((p) => p.plugin.id === exported.id)!.source})` });
      continue;
    }
    plugins.push({ plugin: exported, source });
  }
  if (problems.length) throw new ConfigProblemsError(problems, 'Plugins failed validation');

  const container = new Container({ defaultScope: 'Singleton' });
  container.bind(HostContextToken).toConstantValue(options.hostContext);
  container.bind(HttpClientToken).toConstantValue(options.http);
  const registry = new PluginRegistry();
  // Contributions are resolved as a run would resolve them: through a run scope (here a validation one).
  const probe = openRunScope(container, registry, validationRunContext(options.hostContext.logger)).container;

  for (const { plugin, source } of plugins) {
    const name = `plugin "${plugin.id}"`;
    const counts = new Map<ServiceIdentifier, number>();
    const counting = new ContainerModule((loadOptions) =>
      plugin.module.load({
        ...loadOptions,
        bind: ((id: ServiceIdentifier) => {
          counts.set(id, (counts.get(id) ?? 0) + 1);
          return loadOptions.bind(id);
        }) as typeof loadOptions.bind,
      }),
    );
    const contributions: PluginContributions = { connectorTemplates: [], credentialTypes: [], sinkTypes: [], executionListeners: [], commands: [], httpRoutes: [] };
    try {
      await container.load(counting);
      for (const [kind, token] of TOKENS) {
        const added = counts.get(token) ?? 0;
        if (!added) continue;
        const all = probe.getAll<unknown>(token);
        addContributions(registry, kind, all.slice(all.length - added), contributions, (message) => problems.push({ path: name, message }));
      }
    } catch (error) {
      problems.push({ path: name, message: `failed while binding its contributions: ${(error as Error).message.split('\n')[0]}` });
      continue;
    }
    registry.plugins.push({ plugin, source, contributions } satisfies LoadedPlugin);
  }
  if (problems.length) throw new ConfigProblemsError(problems, 'Plugins failed validation');
  return { container, registry };
}
