import type { ExtensionPoint } from '../../core/index.js';
import type { PluginRegistry } from './plugin-registry.js';
import type { ResolvedContribution } from './plugin-wiring.js';

/**
 * Checks each contribution against its point (shape, reserved and unique keys) and records the usable
 * ones; returns the keys recorded, by point id.
 */
export function addContributions(
  registry: PluginRegistry,
  owner: string,
  items: readonly ResolvedContribution[],
  problem: (message: string) => void,
): Map<string, string[]> {
  const added = new Map<string, string[]>();
  for (const { point, value } of items) {
    const problems = point.problems(value);
    problems.forEach(problem);
    if (problems.length) continue;
    const key = point.key(value);
    const taken = takenBy(registry, point, key);
    if (taken) {
      problem(`${point.label} "${key}" is already ${taken}`);
      continue;
    }
    registry.add(point, value, owner);
    added.set(point.id, [...(added.get(point.id) ?? []), key]);
  }
  return added;
}

function takenBy(registry: PluginRegistry, point: ExtensionPoint<unknown>, key: string): string | undefined {
  if (point.reserved(key)) return 'taken';
  if (!point.unique) return undefined;
  const owner = registry.ownerIn(point, key);
  return owner === undefined ? undefined : `contributed by plugin "${owner}"`;
}
