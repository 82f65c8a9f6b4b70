import type { Container, ServiceIdentifier } from 'inversify';
import {
  BaselineStoreService,
  BUILTIN_EXTENSION_POINTS,
  ContainerModule,
  ExecutionHistoryService,
  ExecutionListeners,
  ExecutionLogStoreService,
  RunCoordinatorService,
  type ExecutionListener,
  type ExecutionLogStore,
  type ExtensionPoint,
  type PluginManifestV1,
} from '../../core/index.js';
import type { PluginWiring } from './plugin-wiring.js';
import type { ServiceTable } from './service-table.js';

/** Service tokens a v1 plugin may bind: each binding becomes an override of that service. */
const V1_SERVICES: ReadonlySet<string> = new Set(
  [ExecutionLogStoreService, BaselineStoreService, ExecutionHistoryService, RunCoordinatorService].map((ref) => ref.id),
);

/** The message logged once for each plugin of the deprecated API. */
export function deprecationWarning(pluginId: string): string {
  return `plugin "${pluginId}" uses plugin API 1, which is deprecated and will stop loading in a later release: see docs/plugins.md#moving-to-api-2`;
}

/**
 * Loads a plugin of API 1 (an inversify ContainerModule) into the host's container. Its bindings to the
 * built-in points' tokens become contributions, in binding order; a binding to a service token
 * (`core.execution-log-store`, …) becomes an override of that service.
 */
export async function adaptV1Plugin(
  plugin: PluginManifestV1,
  container: Container,
  table: ServiceTable,
  /** Bindings so far to each point's token, shared by every v1 plugin of the host. */
  bindings: Map<string, number>,
  problem: (message: string) => void,
): Promise<PluginWiring> {
  const ranges = new Map<string, { start: number; count: number }>();
  let serviceBindings = 0;
  const counting = new ContainerModule((options) =>
    plugin.module.load({
      ...options,
      bind: ((id: ServiceIdentifier) => {
        if (typeof id === 'string' && V1_SERVICES.has(id)) {
          const privateId = `v1:${plugin.id}:${id}:${serviceBindings++}`;
          const taken = table.declare(id, 'override', plugin.id, () => container.get(privateId));
          if (taken) problem(taken);
          // API 1 kept the baselines with a contributed log store that has them; otherwise the default's stay.
          if (id === ExecutionLogStoreService.id)
            table.declare(
              BaselineStoreService.id,
              'override',
              plugin.id,
              () => container.get<ExecutionLogStore>(privateId).baselines,
            );
          return options.bind(privateId);
        }
        if (typeof id === 'string' && BUILTIN_EXTENSION_POINTS.some((p) => p.id === id)) {
          const range = ranges.get(id) ?? { start: bindings.get(id) ?? 0, count: 0 };
          range.count++;
          ranges.set(id, range);
          bindings.set(id, range.start + range.count);
        }
        return options.bind(id);
      }) as typeof options.bind,
    }),
  );
  await container.load(counting);
  const slice = (c: Container, id: string): unknown[] => {
    const range = ranges.get(id);
    return range && c.isBound(id) ? c.getAll<unknown>(id).slice(range.start, range.start + range.count) : [];
  };
  return {
    resolve: (scope) =>
      BUILTIN_EXTENSION_POINTS.flatMap((point) =>
        slice(scope.container, point.id).map((value) => ({ point: point as ExtensionPoint<unknown>, value })),
      ),
    runListeners: (scope) => slice(scope.container, ExecutionListeners.id) as ExecutionListener[],
  };
}
