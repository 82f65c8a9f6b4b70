import { createRequire } from 'node:module';
import type * as Cosmiconfig from 'cosmiconfig';

/**
 * cosmiconfig, a CommonJS package, loaded with `require`: an `import` of it would first scan its source
 * for the names it exports, which costs every command that reads the config more than loading it does.
 */
export const { cosmiconfig, defaultLoaders } = createRequire(import.meta.url)('cosmiconfig') as typeof Cosmiconfig;
