import type { CliCommand, ConnectorTemplate, CredentialType, ExecutionListener, HttpRoute, SinkType } from '../../../core/index.js';
import { RESERVED_ROUTES, routeKey } from './reserved-routes.js';
import { RESERVED_COMMANDS } from './reserved-commands.js';
import type { PluginContributions, PluginRegistry } from './plugin-registry.js';
import { commandProblems, credentialTypeProblems, listenerProblems, routeProblems, sinkTypeProblems, templateProblems } from './validate-contribution.js';

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
  httpRoutes: {
    label: 'HTTP route',
    problems: routeProblems,
    key: (h: HttpRoute) => routeKey(h),
    taken: (r, key) => RESERVED_ROUTES.some((prefix) => key.split(' ')[1]!.startsWith(prefix)) || r.httpRoutes.has(key),
    register: (r, h: HttpRoute) => void r.httpRoutes.set(routeKey(h), h),
  },
};

export function addContributions(
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
