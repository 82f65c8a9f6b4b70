import { ContainerModule, type ContainerModuleLoadOptions } from 'inversify';

/**
 * @deprecated Plugin API 1. Shorthand for a v1 plugin's module:
 * `contributions(({ bind }) => { bind(SinkTypeToken).toConstantValue(x) })`. Write `register(env)` instead.
 */
export function contributions(register: (options: ContainerModuleLoadOptions) => void): ContainerModule {
  return new ContainerModule(register);
}

export { ContainerModule, type ContainerModuleLoadOptions };
