import { existsSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { isAbsolute, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

function isPath(specifier: string): boolean {
  return specifier.startsWith('.') || isAbsolute(specifier);
}

/** Entry file of a plugin folder: its package.json `exports["."]`/`main`, else index.js / index.ts. */
function folderEntry(dir: string): string {
  const manifestPath = join(dir, 'package.json');
  if (existsSync(manifestPath)) {
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { main?: string; exports?: unknown };
    const dot =
      typeof manifest.exports === 'string'
        ? manifest.exports
        : (manifest.exports as Record<string, unknown> | undefined)?.['.'];
    const target =
      typeof dot === 'string'
        ? dot
        : ((dot as Record<string, string> | undefined)?.['import'] ??
          (dot as Record<string, string> | undefined)?.['default']);
    const entry = target ?? manifest.main;
    if (entry) {
      const file = resolve(dir, entry);
      if (!existsSync(file)) {
        const build = existsSync(join(dir, 'tsconfig.json')) ? ` (build it first: npm run build in ${dir})` : '';
        throw new Error(`its entry module ${file} does not exist${build}`);
      }
      return file;
    }
  }
  for (const name of ['index.js', 'index.mjs', 'index.ts']) {
    if (existsSync(join(dir, name))) return join(dir, name);
  }
  throw new Error(`no entry module in ${dir} (expected package.json "exports"/"main" or index.js)`);
}

/**
 * Resolves a `plugins:` entry to an importable URL: a path (relative to the config file's folder) to a
 * file or folder, or an npm package name resolved from that folder's node_modules.
 */
export function resolvePluginSpecifier(specifier: string, baseDir: string): string {
  if (isPath(specifier)) {
    const path = resolve(baseDir, specifier);
    if (!existsSync(path)) throw new Error(`${path} does not exist`);
    return pathToFileURL(statSync(path).isDirectory() ? folderEntry(path) : path).href;
  }
  const require = createRequire(join(baseDir, 'noop.js'));
  try {
    return pathToFileURL(require.resolve(specifier)).href;
  } catch {
    // ESM-only packages have no "require" condition: find the package folder instead.
    const manifest = require.resolve
      .paths(specifier)
      ?.map((p) => join(p, specifier, 'package.json'))
      .find((p) => existsSync(p));
    if (!manifest) throw new Error(`the package "${specifier}" is not installed (npm install ${specifier})`);
    return pathToFileURL(folderEntry(resolve(manifest, '..'))).href;
  }
}
