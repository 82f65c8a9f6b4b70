import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { scaffoldPlugin } from '../../../host/cli/scaffold/scaffold-plugin.js';

const REPO = fileURLToPath(new URL('../../../', import.meta.url));
const require = createRequire(import.meta.url);
/** tsx's loader and mocha, by URL: the child runs in a temp folder, where neither would resolve. */
const TSX = pathToFileURL(require.resolve('tsx')).href;
const MOCHA = pathToFileURL(require.resolve('mocha')).href;

/**
 * A module-loader hook that appends the URL of every module loaded to the file in MODULES_FILE: ES
 * modules as the hook sees them, and at exit every CommonJS module in require's cache (on Node 20 a
 * `require` inside a CommonJS package does not reach the hook).
 */
const RECORDER = `
import { appendFileSync } from 'node:fs';
import { createRequire, register } from 'node:module';
import { pathToFileURL } from 'node:url';
if (!process.env.RECORDER_REGISTERED) {
  process.env.RECORDER_REGISTERED = '1';
  register(import.meta.url);
  const cache = createRequire(import.meta.url).cache;
  process.on('exit', () => {
    const urls = Object.keys(cache).map((path) => pathToFileURL(path).href);
    appendFileSync(process.env.MODULES_FILE, urls.join('\\n') + '\\n');
  });
}
export async function load(url, context, next) {
  appendFileSync(process.env.MODULES_FILE, url + '\\n');
  return next(url, context);
}
`;

/** What a child process loaded. */
export interface LoadedModules {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** Every module URL, once each. */
  readonly modules: readonly string[];
  /** The npm packages those modules belong to, by folder (a nested copy is its own entry). */
  readonly packages: ReadonlyMap<string, string>;
  /** This repository's own modules, relative to its root (`packages/kit/testing/index.ts`). */
  readonly ours: readonly string[];
}

/**
 * Runs an ES module script (`-e`) under tsx in `cwd`, with the `tributary-source` condition (the kit
 * resolves to its TypeScript sources, as in this repository's tests), and records every module it loads.
 */
export function modulesLoadedBy(script: string, cwd: string): LoadedModules {
  const recorder = join(cwd, 'record-modules.mjs');
  const modulesFile = join(cwd, 'modules.txt');
  writeFileSync(recorder, RECORDER);
  writeFileSync(modulesFile, '');
  const out = spawnSync(
    process.execPath,
    [
      '--conditions=tributary-source',
      '--import',
      TSX,
      '--import',
      pathToFileURL(recorder).href,
      '--input-type=module',
      '-e',
      script,
    ],
    {
      cwd,
      env: { ...process.env, MODULES_FILE: modulesFile, RECORDER_REGISTERED: '' },
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  // A module can reach the hook more than once (tsx's own loading), so each URL counts once.
  const modules = [...new Set(readFileSync(modulesFile, 'utf8').split('\n').filter(Boolean))];
  const root = pathToFileURL(REPO).href;
  return {
    code: out.status,
    stdout: out.stdout,
    stderr: out.stderr,
    modules,
    packages: packagesOf(modules),
    ours: modules
      .filter((url) => url.startsWith(root) && !url.slice(root.length).startsWith('node_modules/'))
      .map((url) => url.slice(root.length)),
  };
}

/** Package name by package folder, for each module inside a `node_modules` (the innermost one). */
function packagesOf(modules: readonly string[]): Map<string, string> {
  const packages = new Map<string, string>();
  for (const url of modules) {
    if (!url.startsWith('file:')) continue;
    const path = fileURLToPath(url);
    const at = path.lastIndexOf('/node_modules/');
    if (at < 0) continue;
    const name = /^(?:@[^/]+\/)?[^/]+/.exec(path.slice(at + '/node_modules/'.length))?.[0];
    if (name) packages.set(path.slice(0, at + '/node_modules/'.length + name.length), name);
  }
  return packages;
}

/** The set of package names in what was loaded. */
export function packageNames(loaded: LoadedModules): Set<string> {
  return new Set(loaded.packages.values());
}

/**
 * The connector package `tributary new plugin --kind connector` writes, in a temp folder whose
 * `node_modules` links `tributary-kit` to this checkout's packages/kit (resolved to its sources under
 * the `tributary-source` condition, as an installed kit would resolve to its dist/) and `valibot` to
 * this checkout's copy.
 */
export function scaffoldedConnector(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tributary-kit-closure-'));
  scaffoldPlugin({ name: '@acme/users', kind: 'connector', dir });
  mkdirSync(join(dir, 'node_modules'), { recursive: true });
  for (const [name, target] of [
    ['tributary-kit', join(REPO, 'packages/kit')],
    ['valibot', join(REPO, 'node_modules/valibot')],
  ] as const) {
    const path = join(dir, 'node_modules', name);
    if (!existsSync(path)) symlinkSync(target, path, 'dir');
  }
  return dir;
}

/** A script that imports `tributary-kit/testing` and nothing else. */
export const IMPORT_KIT = `await import('tributary-kit/testing');`;

/**
 * A script that runs mocha (in this process, so the recorder sees everything) on the given spec files of
 * the plugin folder; it prints the run's stats as JSON (`{ passes, failures, pending }`) on its last line.
 */
export function mochaRun(specs: readonly string[]): string {
  return `
const { default: Mocha } = await import(${JSON.stringify(MOCHA)});
const errors = [];
function Quiet(runner) {
  Mocha.reporters.Base.call(this, runner);
  runner.on('fail', (test, err) => errors.push(test.fullTitle() + ': ' + err?.message));
}
const mocha = new Mocha({ timeout: 20000, reporter: Quiet });
for (const spec of ${JSON.stringify(specs)}) mocha.addFile(new URL(spec, 'file://' + process.cwd() + '/').pathname);
await mocha.loadFilesAsync();
const runner = mocha.run(() => {
  const { passes, failures, pending } = runner.stats;
  process.stdout.write('\\n' + JSON.stringify({ passes, failures, pending, errors }) + '\\n');
  process.exit(failures ? 1 : 0);
});
`;
}

interface MochaStats {
  readonly passes: number;
  readonly failures: number;
  readonly pending: number;
  /** `title: message` of each failed test. */
  readonly errors: readonly string[];
}

/** The stats line {@link mochaRun} prints last. */
export function mochaStats(loaded: LoadedModules): MochaStats {
  const last = loaded.stdout.trim().split('\n').at(-1) ?? '';
  return JSON.parse(last) as MochaStats;
}
