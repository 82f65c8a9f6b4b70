import { createRequire } from 'node:module';
import type * as Inversify from 'inversify';

const requireCommonJs = createRequire(import.meta.url);

/**
 * inversify, for plugin API 1 only: its CommonJS build (one copy for core's `ContainerModule` and the
 * host's container), loaded synchronously on first call with the reflect-metadata it needs.
 */
export function loadInversify(): typeof Inversify {
  requireCommonJs('reflect-metadata');
  return requireCommonJs('inversify') as typeof Inversify;
}
