import { createRequire } from 'node:module';
import type Jsonata from 'jsonata';

/**
 * jsonata, a CommonJS package, loaded with `require`: an `import` of it would first scan its 200 kB
 * source for the names it exports, which every command compiling a mapping paid at start-up.
 */
export const jsonata = createRequire(import.meta.url)('jsonata') as typeof Jsonata;
