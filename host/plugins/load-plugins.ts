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
  isPlugin,
  PLUGIN_API_VERSION,
  SinkTypeToken,
  type CliCommand,
  type ConfigProblem,
  type ConnectorTemplate,
  type CredentialType,
  type ExecutionListener,
  type HostContext,
  type SinkType,
  type HttpClient,
  type Plugin,
} from '../../core/index.js';
import { BUILTIN_PLUGINS, builtinPluginUrl } from './builtin-plugins.js';
import { resolvePluginSpecifier } from './import-plugin-module.js';
import { PluginRegistry, type LoadedPlugin, type PluginContributions } from './plugin-registry.js';
import { commandProblems, credentialTypeProblems, listenerProblems, sinkTypeProblems, templateProblems } from './validate-contribution.js';

export const RESERVED_COMMANDS = new Set(['validate', 'check', 'run', 'serve', 'plugins', 'help', 'demo', 'new']);
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
];

function sources(options: LoadPluginsOptions): PluginSource[] {
  const list: PluginSource[] = options.withoutBuiltins
    ? []
    : BUILTIN_PLUGINS.map((id) => ({ source: 'built-in', label: `built-in plugin "${id}"`, load: () => import(builtinPluginUrl(id).href) }));
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
    const contributions: PluginContributions = { connectorTemplates: [], credentialTypes: [], sinkTypes: [], executionListeners: [], commands: [] };
    try {
      await container.load(counting);
      for (const [kind, token] of TOKENS) {
        const added = counts.get(token) ?? 0;
        if (!added) continue;
        const all = container.getAll<unknown>(token);
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

/** How each kind of contribution is checked, keyed and registered. */
interface ContributionKind<T> {
  readonly label: string;
  problems(item: T): string[];
  key(item: T): string;
  /** The registry's map for kinds with unique keys; listeners are a list. */
  taken(registry: PluginRegistry, key: string): boolean;
  register(registry: PluginRegistry, item: T): void;
}

const KINDS: { readonly [K in keyof PluginContributions]: ContributionKind<never> } = {
  connectorTemplates: {
    label: 'connector template',
    problems: templateProblems,
    key: (t: ConnectorTemplate) => t.id,
    taken: (r, key) => r.connectorTemplates.has(key),
    register: (r, t: ConnectorTemplate) => void r.connectorTemplates.set(t.id, t),
  },
  credentialTypes: {
    label: 'credential type',
    problems: credentialTypeProblems,
    key: (c: CredentialType) => c.type,
    taken: (r, key) => r.credentialTypes.has(key),
    register: (r, c: CredentialType) => void r.credentialTypes.set(c.type, c),
  },
  sinkTypes: {
    label: 'sink type',
    problems: sinkTypeProblems,
    key: (s: SinkType) => s.type,
    taken: (r, key) => r.sinkTypes.has(key),
    register: (r, s: SinkType) => void r.sinkTypes.set(s.type, s),
  },
  executionListeners: {
    label: 'execution listener',
    problems: listenerProblems,
    key: (l: ExecutionListener) => l.id,
    taken: () => false,
    register: (r, l: ExecutionListener) => void r.executionListeners.push(l),
  },
  commands: {
    label: 'CLI command',
    problems: commandProblems,
    key: (c: CliCommand) => c.name,
    taken: (r, key) => RESERVED_COMMANDS.has(key) || r.commands.has(key),
    register: (r, c: CliCommand) => void r.commands.set(c.name, c),
  },
};

function addContributions(
  registry: PluginRegistry,
  kind: keyof PluginContributions,
  items: unknown[],
  mine: PluginContributions,
  problem: (message: string) => void,
): void {
  const spec = KINDS[kind] as unknown as ContributionKind<unknown>;
  for (const item of items) {
    const problems = spec.problems(item);
    problems.forEach(problem);
    if (problems.length) continue;
    const key = spec.key(item);
    if (spec.taken(registry, key)) {
      const owner = registry.ownerOf(kind, key);
      problem(`${spec.label} "${key}" is already ${owner ? `contributed by plugin "${owner}"` : 'taken'}`);
      continue;
    }
    spec.register(registry, item);
    mine[kind].push(key);
  }
}
