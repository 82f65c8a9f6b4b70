import { ContainerModule, type ContainerModuleLoadOptions } from 'inversify';

/** The plugin API this host implements. A plugin declares the major version it was written for. */
export const PLUGIN_API_VERSION = 1;

const PLUGIN_BRAND = Symbol.for('tributary.plugin');

export interface PluginManifest {
  /** `^[a-z][a-z0-9-]*(\/[a-z][a-z0-9-]*)?$`, unique among loaded plugins. */
  readonly id: string;
  /** The plugin's own semver version. */
  readonly version: string;
  /** The plugin API major version it targets; must equal {@link PLUGIN_API_VERSION}. */
  readonly apiVersion: number;
  readonly description?: string;
  /** The only place a plugin binds anything: contributions to the tokens of `tributary-host/core`. */
  readonly module: ContainerModule;
}

export interface Plugin extends PluginManifest {
  readonly [PLUGIN_BRAND]: true;
}

/** Declares a plugin: `export default definePlugin({ id, version, apiVersion, module })`. */
export function definePlugin(manifest: PluginManifest): Plugin {
  return Object.freeze({ ...manifest, [PLUGIN_BRAND]: true as const });
}

/** True for a value made by {@link definePlugin} (from any copy of this package). */
export function isPlugin(value: unknown): value is Plugin {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[PLUGIN_BRAND] === true;
}

/** Shorthand for a plugin's module: `contributions(({ bind }) => { bind(SinkTypeToken).toConstantValue(x) })`. */
export function contributions(register: (options: ContainerModuleLoadOptions) => void): ContainerModule {
  return new ContainerModule(register);
}

export { ContainerModule, type ContainerModuleLoadOptions };
