const SERVICE_BRAND = Symbol.for('tributary.service-ref');

/**
 * A typed reference to a service: one instance per host, made by the plugin that provides its default
 * (`env.provide`) or by the one that overrides it (`env.override`), created on first use.
 */
export interface ServiceRef<T> {
  /** Dotted lower-case words: `core.execution-log-store`. */
  readonly id: string;
  readonly [SERVICE_BRAND]: true;
  /** Carries `T` for type inference only. */
  readonly __type?: (value: T) => void;
}

const ID = /^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)+$/;

/** Declares a service: `createServiceRef<Clock>({ id: 'acme.clock' })`. */
export function createServiceRef<T>(options: { readonly id: string }): ServiceRef<T> {
  if (!ID.test(options.id))
    throw new TypeError(`Service id "${options.id}" must be dotted lower-case words, e.g. "acme.clock"`);
  return Object.freeze({ id: options.id, [SERVICE_BRAND]: true as const });
}

/** True for a value made by {@link createServiceRef}. */
export function isServiceRef(value: unknown): value is ServiceRef<unknown> {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[SERVICE_BRAND] === true;
}
