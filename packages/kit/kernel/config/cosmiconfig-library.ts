import { createRequire } from 'node:module';
import type * as Cosmiconfig from 'cosmiconfig';
import { ConfigError } from '../../core/errors/error-classes.js';

let loaded: typeof Cosmiconfig | undefined;

/** Forgets the loaded library (tests of the missing-package path). */
export function forgetCosmiconfig(): void {
  loaded = undefined;
}

/**
 * cosmiconfig, loaded on first use with `require`: an `import` of a CommonJS package would first scan
 * its source for the names it exports, which costs every command that reads the config more than
 * loading it does. Only reading a config file needs it (a config given as an object, as a plugin's
 * tests give theirs, does not), so the kit has it as an optional peer dependency; the host depends on it.
 */
export function cosmiconfigLibrary(
  load: (name: string) => unknown = createRequire(import.meta.url),
): typeof Cosmiconfig {
  try {
    return (loaded ??= load('cosmiconfig') as typeof Cosmiconfig);
  } catch (cause) {
    throw new ConfigError(
      'CONFIG_FILE_READER_MISSING',
      `Reading a configuration file needs the package cosmiconfig, which is not installed (tributary-host depends on it): npm install cosmiconfig, or give the configuration as an object.`,
      { cause },
    );
  }
}
