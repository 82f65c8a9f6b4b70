import {
  FatalError,
  HOST_SERVICES,
  PluginError,
  type ExtensionPoint,
  type Factory,
  type ServiceRef,
  type Services,
} from '../../core/index.js';

interface Declaration {
  readonly plugin: string;
  readonly factory: Factory<unknown>;
}

interface Slot {
  fallback?: Declaration;
  override?: Declaration;
  made?: { readonly value: unknown };
}

/**
 * The host's services: per id, a default and an override, each declared by one plugin, the override
 * winning. An instance is made on first use and kept for the host's life.
 */
export class ServiceTable {
  private readonly slots = new Map<string, Slot>();
  private readonly making = new Set<string>();

  constructor(
    hostValues: ReadonlyArray<readonly [Pick<ServiceRef<unknown>, 'id'>, unknown]>,
    private readonly contributionsOf: <T>(point: ExtensionPoint<T>) => readonly T[],
  ) {
    for (const [ref, value] of hostValues) this.slots.set(ref.id, { made: { value } });
  }

  /** Records a default or an override; returns the problem when another plugin already declared it. */
  declare(id: string, kind: 'default' | 'override', plugin: string, factory: Factory<unknown>): string | undefined {
    if (HOST_SERVICES.includes(id))
      return `service "${id}" is provided by the host: a plugin can neither provide nor override it`;
    const slot = this.slots.get(id) ?? {};
    const field = kind === 'default' ? 'fallback' : 'override';
    const taken = slot[field];
    if (taken)
      return `${kind === 'default' ? 'provides' : 'overrides'} service "${id}", which plugin "${taken.plugin}" already ${kind === 'default' ? 'provides' : 'overrides'}`;
    slot[field] = { plugin, factory };
    this.slots.set(id, slot);
    return undefined;
  }

  has(id: string): boolean {
    const slot = this.slots.get(id);
    return (
      slot !== undefined && (slot.made !== undefined || slot.override !== undefined || slot.fallback !== undefined)
    );
  }

  /** Ids of every service some plugin declared. */
  declared(): string[] {
    return [...this.slots.entries()].filter(([, slot]) => slot.override || slot.fallback).map(([id]) => id);
  }

  /** The resolver factories receive; `extra` adds per-run values (the run context). */
  resolver(extra?: ReadonlyMap<string, unknown>): Services {
    const optional = <T>(ref: ServiceRef<T>): T | undefined =>
      extra?.has(ref.id) ? (extra.get(ref.id) as T) : (this.instance(ref.id) as T | undefined);
    return {
      optional,
      get: <T>(ref: ServiceRef<T>): T => {
        if (!this.has(ref.id) && !extra?.has(ref.id))
          throw new FatalError('PLUGIN_NO_SERVICE', `No plugin provides the service "${ref.id}"`);
        return optional(ref) as T;
      },
      contributions: this.contributionsOf,
    };
  }

  private instance(id: string): unknown {
    const slot = this.slots.get(id);
    if (!slot) return undefined;
    if (slot.made) return slot.made.value;
    if (this.making.has(id))
      throw new PluginError(
        (slot.override ?? slot.fallback)?.plugin ?? 'unknown',
        'PLUGIN_SERVICE_CYCLE',
        `service "${id}" needs itself to be made`,
      );
    this.making.add(id);
    try {
      // An override that makes nothing (an API 1 log store without baselines) leaves the default in place.
      const value = slot.override?.factory(this.resolver()) ?? slot.fallback?.factory(this.resolver());
      slot.made = { value };
    } finally {
      this.making.delete(id);
    }
    return slot.made.value;
  }
}
