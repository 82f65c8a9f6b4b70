import type { Plugin } from '../../core/index.js';
import type { PluginLifecycle } from './plugin-lifecycle.js';
import type { PluginRegistry } from './plugin-registry.js';
import type { PluginWiring } from './plugin-wiring.js';
import type { ServiceTable } from './service-table.js';
import type { V1Container } from './v1-container.js';

/** A loaded plugin with what it adds. */
export interface WiredPlugin {
  readonly plugin: Plugin;
  readonly wiring: PluginWiring;
}

export interface LoadedPlugins {
  /** The inversify container of plugin API 1 modules, made on first use; API 2 services are reachable in it by their ids too. */
  readonly container: V1Container;
  readonly registry: PluginRegistry;
  readonly services: ServiceTable;
  readonly lifecycle: PluginLifecycle;
  /** In load order. */
  readonly wired: readonly WiredPlugin[];
}
