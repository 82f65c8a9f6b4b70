import type { ExtensionPoint } from './extension-point.js';
import type { ServiceRef } from './service-ref.js';

/** What a factory can ask for: services, and what was contributed to an extension point. */
export interface Services {
  /** The service's instance (created on first use); a `PLUGIN_NO_SERVICE` error when nothing provides it. */
  get<T>(ref: ServiceRef<T>): T;
  /** The service's instance, or `undefined` when no plugin provides it. */
  optional<T>(ref: ServiceRef<T>): T | undefined;
  /** Everything contributed to a point, in plugin order (per-run contributions excepted). */
  contributions<T>(point: ExtensionPoint<T>): readonly T[];
}

/** Makes a value when first needed, from the services. */
export type Factory<T> = (services: Services) => T;

export interface ContributeOptions {
  /**
   * Make the contribution afresh for every run, with that run's `RunContextService` (points declared
   * `perRun`, e.g. `ExecutionListeners`). The factory must do no I/O itself: it is also called once
   * when plugins load, with a validation context whose signal is aborted.
   */
  readonly perRun?: boolean;
}

/**
 * What `register(env)` receives: the only way a plugin adds anything to the host. Nothing runs in
 * `register` but declarations; factories run when first needed.
 */
export interface PluginEnv {
  /** The plugin being registered. */
  readonly pluginId: string;
  /**
   * Adds a contribution to an extension point: a value, or a factory of it (called once, when plugins
   * load, or per run with `{ perRun: true }`). A contribution that is itself a function is given as
   * `() => fn`.
   */
  contribute<T>(point: ExtensionPoint<T>, value: T | Factory<T>, options?: ContributeOptions): void;
  /** Provides a service's default. Two defaults of one service are a load problem. */
  provide<T>(ref: ServiceRef<T>, factory: Factory<T>): void;
  /** Replaces a service's default (whichever plugin provides it). Two overrides of one service are a load problem. */
  override<T>(ref: ServiceRef<T>, factory: Factory<T>): void;
  /** Called once the host is ready (plugins loaded, configuration validated), in load order. */
  onStart(hook: () => void | Promise<void>): void;
  /** Called when the host closes, in reverse load order. Release files, pools, timers here. */
  onClose(hook: () => void | Promise<void>): void;
  /**
   * A resource opened on first call (from the services) and closed when the host closes, if it was
   * opened: `const db = env.lazy((s) => openDb(s.get(HostContextService)), (db) => db.close())`.
   */
  lazy<T>(open: Factory<T>, close?: (resource: T) => void | Promise<void>): () => T;
}
