import {
  ExecutionListeners,
  isExtensionPoint,
  isServiceRef,
  type ContributeOptions,
  type ExecutionListener,
  type ExtensionPoint,
  type Factory,
  type PluginEnv,
  type PluginManifest,
} from '../../core/index.js';
import type { PluginLifecycle } from './plugin-lifecycle.js';
import type { PluginWiring, ResolveScope } from './plugin-wiring.js';
import type { ServiceTable } from './service-table.js';

interface Contribution {
  readonly point: ExtensionPoint<unknown>;
  readonly make: Factory<unknown>;
  readonly perRun: boolean;
  /** What it resolved to when plugins loaded (per-run ones: with the validation context). */
  resolved?: { readonly value: unknown };
}

/**
 * Runs a plugin's `register(env)` (plugin API 2): its services go into the table and its hooks into
 * the lifecycle at once; its contributions are resolved later, once every plugin has registered.
 */
export function registerPlugin(
  plugin: PluginManifest,
  table: ServiceTable,
  lifecycle: PluginLifecycle,
  problem: (message: string) => void,
): PluginWiring {
  const contributions: Contribution[] = [];
  const declare = (kind: 'default' | 'override', ref: unknown, factory: unknown): void => {
    if (!isServiceRef(ref) || typeof factory !== 'function')
      return problem(
        `${kind === 'default' ? 'provide' : 'override'}() needs a service ref made by createServiceRef and a factory`,
      );
    const taken = table.declare(ref.id, kind, plugin.id, factory as Factory<unknown>);
    if (taken) problem(taken);
  };
  const env: PluginEnv = {
    pluginId: plugin.id,
    contribute<T>(point: ExtensionPoint<T>, value: T | Factory<T>, options: ContributeOptions = {}) {
      if (!isExtensionPoint(point))
        return problem('contribute() needs an extension point made by createExtensionPoint');
      if (options.perRun && !point.perRun) return problem(`${point.label} contributions cannot be made per run`);
      const make = typeof value === 'function' ? (value as Factory<unknown>) : () => value;
      contributions.push({ point: point as ExtensionPoint<unknown>, make, perRun: options.perRun === true });
    },
    provide: (ref, factory) => declare('default', ref, factory),
    override: (ref, factory) => declare('override', ref, factory),
    onStart: (hook) => lifecycle.onStart(plugin.id, hook),
    onClose: (hook) => lifecycle.onClose(plugin.id, hook),
    lazy(open, close) {
      let opened: { value: ReturnType<typeof open> } | undefined;
      lifecycle.onClose(plugin.id, async () => {
        const resource = opened;
        opened = undefined;
        if (resource && close) await close(resource.value);
      });
      return () => (opened ??= { value: open(table.resolver()) }).value;
    },
  };
  plugin.register(env);
  return {
    resolve: (scope) =>
      contributions.map((c) => {
        c.resolved = { value: c.make(scope.services) };
        return { point: c.point, value: c.resolved.value };
      }),
    runListeners: (scope: ResolveScope) =>
      contributions
        .filter((c) => c.point.id === ExecutionListeners.id)
        .map((c) => (c.perRun || !c.resolved ? c.make(scope.services) : c.resolved.value) as ExecutionListener),
  };
}
