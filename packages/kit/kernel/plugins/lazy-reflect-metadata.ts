import { createRequire } from 'node:module';

/** What reflect-metadata adds to `Reflect`. */
const METADATA_FUNCTIONS = [
  'decorate',
  'metadata',
  'defineMetadata',
  'hasMetadata',
  'hasOwnMetadata',
  'getMetadata',
  'getOwnMetadata',
  'getMetadataKeys',
  'getOwnMetadataKeys',
  'deleteMetadata',
] as const;

const requireCommonJs = createRequire(import.meta.url);

/**
 * Makes reflect-metadata's functions appear on `Reflect` as they did when the host imported it, but loads
 * it only when one of them is first used: by inversify (plugin API 1) or by a plugin's decorators. Does
 * nothing when something has put them there already.
 */
export function installLazyReflectMetadata(): void {
  const reflect = Reflect as unknown as Record<string, unknown>;
  if (METADATA_FUNCTIONS.some((name) => name in reflect)) return;
  const load = (): void => {
    for (const name of METADATA_FUNCTIONS) delete reflect[name];
    requireCommonJs('reflect-metadata');
  };
  for (const name of METADATA_FUNCTIONS) {
    Object.defineProperty(reflect, name, {
      configurable: true,
      get: () => (load(), reflect[name]),
      set: (value: unknown) => Object.defineProperty(reflect, name, { configurable: true, writable: true, value }),
    });
  }
}
