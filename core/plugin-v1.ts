import { createRequire } from 'node:module';
import type * as Inversify from 'inversify';

/** @deprecated Plugin API 1: what a `ContainerModule` is given to bind with (inversify's). */
export type ContainerModuleLoadOptions = Inversify.ContainerModuleLoadOptions;

/** @deprecated Plugin API 1: inversify's `ContainerModule`. Write `register(env)` instead. */
export type ContainerModule = Inversify.ContainerModule;

const requireCommonJs = createRequire(import.meta.url);
let inversifyModule: typeof Inversify.ContainerModule | undefined;

/** inversify's class, inversify (with the reflect-metadata it needs) being loaded by the first module made. */
function loaded(): typeof Inversify.ContainerModule {
  if (!inversifyModule) {
    requireCommonJs('reflect-metadata');
    inversifyModule = (requireCommonJs('inversify') as typeof Inversify).ContainerModule;
  }
  return inversifyModule;
}

/**
 * @deprecated Plugin API 1: inversify's `ContainerModule` (its CommonJS build), loaded with the first
 * module made, so that a host without plugins of API 1 never loads inversify.
 */
export const ContainerModule: typeof Inversify.ContainerModule = new Proxy(
  function ContainerModule() {} as unknown as typeof Inversify.ContainerModule,
  {
    construct: (_target, args, newTarget) =>
      Reflect.construct(loaded(), args, newTarget === ContainerModule ? loaded() : newTarget) as object,
    get: (_target, key) => Reflect.get(loaded(), key) as unknown,
    getPrototypeOf: () => Reflect.getPrototypeOf(loaded()),
  },
);

/**
 * @deprecated Plugin API 1. Shorthand for a v1 plugin's module:
 * `contributions(({ bind }) => { bind(SinkTypeToken).toConstantValue(x) })`. Write `register(env)` instead.
 */
export function contributions(register: (options: ContainerModuleLoadOptions) => void): ContainerModule {
  return new ContainerModule(register);
}
