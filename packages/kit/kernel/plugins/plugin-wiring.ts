import type { Container } from 'inversify';
import type { ExecutionListener, ExtensionPoint, Services } from '../../core/index.js';

/** Where contributions are resolved: the host's scope when plugins load, or one run's. */
export interface ResolveScope {
  /** The inversify container of that scope (plugin API 1), made on first read: only API 1 wiring reads it. */
  readonly container: Container;
  /** The services of that scope (plugin API 2); a run's include its `RunContextService`. */
  readonly services: Services;
}

export interface ResolvedContribution {
  readonly point: ExtensionPoint<unknown>;
  readonly value: unknown;
}

/** What one loaded plugin adds, whichever API it was written for. */
export interface PluginWiring {
  /** Its contributions, resolved once when plugins load (per-run ones with the validation context). */
  resolve(scope: ResolveScope): ResolvedContribution[];
  /** Its execution listeners for one run, in the order it contributed them. */
  runListeners(scope: ResolveScope): ExecutionListener[];
}
