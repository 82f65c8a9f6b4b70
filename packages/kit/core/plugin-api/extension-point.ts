const POINT_BRAND = Symbol.for('tributary.extension-point');

export interface ExtensionPointOptions<T> {
  /** Dotted lower-case words, unique among extension points: `core.sink-type`, `acme.report-format`. */
  readonly id: string;
  /** How messages name one contribution: `sink type`. */
  readonly label: string;
  /** The key a contribution is known by (its id, its type): in messages, in `tributary plugins`, and for `unique`. */
  readonly key: (item: T) => string;
  /** Problems with one contribution's shape; empty (the default) when it is usable. */
  readonly problems?: (item: T) => string[];
  /** Two contributions with one key are a load problem naming both plugins. Default: false. */
  readonly unique?: boolean;
  /** Keys no plugin may take (the host's own commands, routes). */
  readonly reserved?: (key: string) => boolean;
  /** A contribution may be made per run (`{ perRun: true }`), resolved with the run's context. Default: false. */
  readonly perRun?: boolean;
}

/**
 * A typed place plugins contribute to. It carries its own key, validation and uniqueness rule, so that
 * the host needs no list of kinds: the built-in points are in `tributary-kit`, and a plugin may
 * export its own and read what others contributed to it.
 */
export interface ExtensionPoint<T> extends Required<Omit<ExtensionPointOptions<T>, 'reserved'>> {
  readonly reserved: (key: string) => boolean;
  readonly [POINT_BRAND]: true;
  /** Carries `T` for type inference only. */
  readonly __type?: (item: T) => void;
}

const ID = /^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)+$/;

/** Declares an extension point: `createExtensionPoint<ReportFormat>({ id: 'acme.report-format', label: 'report format', key: (f) => f.name, unique: true })`. */
export function createExtensionPoint<T>(options: ExtensionPointOptions<T>): ExtensionPoint<T> {
  if (!ID.test(options.id))
    throw new TypeError(
      `Extension point id "${options.id}" must be dotted lower-case words, e.g. "acme.report-format"`,
    );
  return Object.freeze({
    id: options.id,
    label: options.label,
    key: options.key,
    problems: options.problems ?? (() => []),
    unique: options.unique ?? false,
    reserved: options.reserved ?? (() => false),
    perRun: options.perRun ?? false,
    [POINT_BRAND]: true as const,
  });
}

/** True for a value made by {@link createExtensionPoint} (from any copy of this package). */
export function isExtensionPoint(value: unknown): value is ExtensionPoint<unknown> {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[POINT_BRAND] === true;
}
