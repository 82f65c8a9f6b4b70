import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { CONSOLE_CSS } from './console-style.js';

/** One file the console's pages load. */
interface ConsoleAsset {
  /** Its Content-Type. */
  readonly type: string;
  readonly body: string;
}

/** Every file the console's pages load, by name (`app.js`, `app.css`), and a version that changes with any of them. */
export interface ConsoleAssets {
  readonly version: string;
  readonly files: ReadonlyMap<string, ConsoleAsset>;
}

const JS = 'text/javascript; charset=utf-8';
const CSS = 'text/css; charset=utf-8';

/** Where the browser sources are, beside this file in the repository (not in the published package). */
export const BROWSER_SOURCES = new URL('./browser/', import.meta.url);
/** Where `npm run build` writes the compiled browser modules: `dist/plugins/console/assets/`, beside this file's compiled copy. */
export const BUILT_ASSETS = new URL('./assets/', import.meta.url);

/** Running from TypeScript source (tsx): this module is itself a `.ts` file. */
const fromSource = import.meta.url.endsWith('.ts');

function builtModules(): Map<string, string> {
  if (!existsSync(BUILT_ASSETS))
    throw new Error(
      `The console's browser modules are missing from ${BUILT_ASSETS.pathname}: build them with npm run build`,
    );
  const names = readdirSync(BUILT_ASSETS).filter((name) => name.endsWith('.js'));
  return new Map(names.map((name) => [name, readFileSync(new URL(name, BUILT_ASSETS), 'utf8')]));
}

async function load(): Promise<ConsoleAssets> {
  const modules = fromSource
    ? await (await import('./browser-transpile.js')).transpileBrowserSources(BROWSER_SOURCES)
    : builtModules();
  const files = new Map<string, ConsoleAsset>(
    [...modules].sort(([a], [b]) => a.localeCompare(b)).map(([name, body]) => [name, { type: JS, body }]),
  );
  files.set('app.css', { type: CSS, body: CONSOLE_CSS });
  const hash = createHash('sha256');
  for (const [name, { body }] of files) hash.update(`${name}\0${body}\0`);
  return { version: hash.digest('hex').slice(0, 12), files };
}

let loaded: Promise<ConsoleAssets> | undefined;

/** The console's assets, read (or, from source, transpiled) once, at the first request that needs them. */
export function consoleAssets(): Promise<ConsoleAssets> {
  if (!loaded) {
    loaded = load();
    loaded.catch(() => {
      loaded = undefined; // a failed load is retried by the next request
    });
  }
  return loaded;
}
