import type * as Inversify from 'inversify';
import { loadInversify } from './inversify-library.js';

/** @deprecated Plugin API 1: what a `ContainerModule` is given to bind with (inversify's). */
export type ContainerModuleLoadOptions = Inversify.ContainerModuleLoadOptions;

/** @deprecated Plugin API 1: inversify's `ContainerModule`. Write `register(env)` instead. */
export type ContainerModule = Inversify.ContainerModule;

/** inversify's class, inversify (with the reflect-metadata it needs) being loaded by the first module made. */
const loaded = (): typeof Inversify.ContainerModule => loadInversify().ContainerModule;

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
