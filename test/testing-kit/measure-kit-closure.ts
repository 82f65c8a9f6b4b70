/**
 * What a plugin author's tests load, measured:
 * `npx tsx --conditions=tributary-source test/testing-kit/measure-kit-closure.ts`.
 * Prints the npm packages (with their size on disk) loaded by `import 'tributary-kit/testing'` alone,
 * and by the conformance suite of the connector `tributary new plugin --kind connector` writes (run by
 * mocha; mocha's own packages left out), and the size of those packages with every
 * dependency they declare (what a package holding the kit would install).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import {
  IMPORT_KIT,
  mochaRun,
  mochaStats,
  modulesLoadedBy,
  scaffoldedConnector,
  type LoadedModules,
} from './support/kit-modules.js';

/** The loader the child runs under. */
const TOOLING = new Set(['tsx', 'esbuild', '@esbuild/linux-x64']);

/** Where the kit's modules are, relative to the repository. */
const KIT = 'packages/kit/';

const kib = (dir: string): number => Number(execFileSync('du', ['-sk', dir], { encoding: 'utf8' }).split('\t')[0]);
const mib = (k: number): string => `${(k / 1024).toFixed(1)} MB`;

/** The folder a dependency of the package in `from` resolves to (node_modules, walking up). */
function resolvePackage(from: string, name: string): string | undefined {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return candidate;
    if (dirname(dir) === dir) return undefined;
  }
}

/** The package folders and every folder of their declared (and installed optional) dependencies. */
function installClosure(roots: Iterable<string>): Set<string> {
  const seen = new Set<string>();
  const queue = [...roots];
  while (queue.length > 0) {
    const dir = queue.pop()!;
    if (seen.has(dir)) continue;
    seen.add(dir);
    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Record<string, unknown>;
    const deps = { ...(manifest['optionalDependencies'] as object), ...(manifest['dependencies'] as object) };
    for (const name of Object.keys(deps)) {
      const found = resolvePackage(dir, name);
      if (found) queue.push(found);
    }
  }
  return seen;
}

function report(title: string, loaded: LoadedModules, leaveOut: ReadonlySet<string>): void {
  const folders = [...loaded.packages].filter(([dir, name]) => !TOOLING.has(name) && !leaveOut.has(dir));
  const sized = folders.map(([dir, name]) => ({ name, k: kib(dir) })).sort((a, b) => b.k - a.k);
  const total = sized.reduce((sum, p) => sum + p.k, 0);
  const closure = installClosure(folders.map(([dir]) => dir));
  const closureK = [...closure].reduce((sum, dir) => sum + kib(dir), 0);
  const kit = loaded.ours.filter((m) => m.startsWith(KIT));
  const plugins = [...new Set(kit.filter((m) => m.startsWith(`${KIT}plugins/`)).map((m) => m.split('/')[3]))];
  console.log(`\n## ${title}`);
  console.log(
    `exit ${loaded.code}; ${kit.length} modules of tributary-kit, ${loaded.ours.length - kit.length} of the host; the kit's plugins: ${plugins.join(', ') || 'none'}`,
  );
  console.log(
    `${sized.length} packages loaded, ${mib(total)} on disk; with their declared dependencies ${closure.size} packages, ${mib(closureK)}`,
  );
  for (const { name, k } of sized) console.log(`  ${String(k).padStart(7)} KB  ${name}`);
  const loadedDirs = new Set(folders.map(([dir]) => dir));
  const unloaded = [...closure].filter((d) => !loadedDirs.has(d)).map((d) => ({ d, k: kib(d) }));
  const names = unloaded
    .sort((a, b) => b.k - a.k)
    .map(({ d, k }) => `${d.slice(d.lastIndexOf('node_modules/') + 13)} ${k}`);
  console.log(`declared, not loaded (KB): ${names.join(', ') || 'none'}`);
  if (loaded.code !== 0) console.log(loaded.stderr);
}

const dir = scaffoldedConnector();
console.log(`plugin folder: ${dir}`);
report('import "tributary-kit/testing"', modulesLoadedBy(IMPORT_KIT, dir), new Set());
const mocha = modulesLoadedBy(mochaRun([]), dir);
const run = modulesLoadedBy(mochaRun(['test/conformance.spec.ts']), dir);
console.log(`\nconformance suite: ${JSON.stringify(mochaStats(run))}`);
report('the scaffolded connector’s conformance suite (mocha left out)', run, new Set(mocha.packages.keys()));
