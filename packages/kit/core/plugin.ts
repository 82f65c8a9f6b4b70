import type { ContainerModule } from './plugin-v1.js';
import type { PluginEnv } from './plugin-api/plugin-env.js';

/** The plugin API this host implements. A plugin declares the major version it was written for. */
export const PLUGIN_API_VERSION = 2;

/** The older plugin API this host still loads, with a deprecation warning (see docs/plugins.md, "Moving to API 2"). */
export const DEPRECATED_PLUGIN_API_VERSION = 1;

const PLUGIN_BRAND = Symbol.for('tributary.plugin');

interface ManifestBase {
  /** `^[a-z][a-z0-9-]*(\/[a-z][a-z0-9-]*)?$`, unique among loaded plugins. */
  readonly id: string;
  /** The plugin's own semver version. */
  readonly version: string;
  readonly description?: string;
}

/** A plugin of the current API: it declares everything it adds in `register(env)`. */
export interface PluginManifest extends ManifestBase {
  /** The plugin API major version it targets: {@link PLUGIN_API_VERSION}. */
  readonly apiVersion: 2;
  /** Declares contributions, services and lifecycle hooks; runs once per host, does no I/O. */
  readonly register: (env: PluginEnv) => void;
}

/** @deprecated Plugin API 1: an inversify `ContainerModule` binding to tokens. Still loaded, with a warning. */
export interface PluginManifestV1 extends ManifestBase {
  readonly apiVersion: 1;
  readonly module: ContainerModule;
}

export type Plugin = (PluginManifest | PluginManifestV1) & { readonly [PLUGIN_BRAND]: true };

/** Declares a plugin: `export default definePlugin({ id, version, apiVersion: 2, register(env) { … } })`. */
export function definePlugin(manifest: PluginManifest): Plugin;
/** @deprecated Plugin API 1; see docs/plugins.md, "Moving to API 2". */
export function definePlugin(manifest: PluginManifestV1): Plugin;
export function definePlugin(manifest: PluginManifest | PluginManifestV1): Plugin {
  return Object.freeze({ ...manifest, [PLUGIN_BRAND]: true as const });
}

/** True for a value made by {@link definePlugin} (from any copy of this package). */
export function isPlugin(value: unknown): value is Plugin {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[PLUGIN_BRAND] === true;
}
