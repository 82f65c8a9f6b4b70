/**
 * `npm run bench -- --dev-install`: what a plugin author installs to develop one connector. The built
 * CLI scaffolds a connector plugin (`tributary new plugin`) into an empty folder; the kit the plugin
 * depends on, tributary-kit, is packed (`npm pack --workspace tributary-kit`, as a registry would serve
 * it) and installed there with the scaffold's own dependencies and devDependencies by one
 * `npm install`, with an empty npm cache, so every package comes from the registry as on a new machine.
 * The same install serves every Node.js (the test host's execution log runs in node:sqlite where Node
 * has it, in memory on Node 20): nothing native is installed, which the report counts.
 * Reported: the wall time of the install, the size of node_modules (bytes and disk use), the native
 * modules in it and the largest packages. Needs the registry (the only network the benchmark uses) and `dist/`.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Goal } from './goals.js';

const REPO = fileURLToPath(new URL('..', import.meta.url));

interface PackageWeight {
  readonly name: string;
  /** Disk use, KiB (`du -sk`). */
  readonly kib: number;
}

/** One measured install. */
export interface DevInstallResult {
  /** The packed kit, and the scaffold's dependencies and devDependencies with the versions it pins. */
  readonly installed: Readonly<Record<string, string>>;
  readonly seconds: number;
  /** node_modules' disk use (`du -sk`), MiB. */
  readonly diskMiB: number;
  /** node_modules' bytes (`du -sb`), MB (10^6). */
  readonly bytesMB: number;
  /** Packages in node_modules, by disk use, largest first. */
  readonly largest: readonly PackageWeight[];
  /** Native addons (`.node` files) in node_modules: none is the point of the kit. */
  readonly nativeModules: number;
}

/** Runs a command; its stdout, or an error with its stderr. */
function run(command: string, args: readonly string[], cwd: string): string {
  const out = spawnSync(command, args, { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (out.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} failed (${String(out.status)}):\n${out.stderr}`);
  }
  return out.stdout;
}

/** Disk use of a path in KiB (`du -sk`). */
const diskKib = (path: string): number => Number(run('du', ['-sk', path], REPO).split('\t')[0]);

/** The bytes of the files under a path (`du -sb`). */
const apparentBytes = (path: string): number => Number(run('du', ['-sb', path], REPO).split('\t')[0]);

/** Top-level packages (scoped ones one level deeper) of a node_modules folder with their disk use. */
function packageWeights(modules: string): PackageWeight[] {
  const names = readdirSync(modules)
    .filter((n) => !n.startsWith('.'))
    .flatMap((n) => (n.startsWith('@') ? readdirSync(join(modules, n)).map((s) => `${n}/${s}`) : [n]));
  return names.map((name) => ({ name, kib: diskKib(join(modules, name)) })).sort((a, b) => b.kib - a.kib);
}

/** `.node` files under a folder. */
const nativeFiles = (path: string): number =>
  run('find', [path, '-name', '*.node', '-type', 'f'], REPO).split('\n').filter(Boolean).length;

/**
 * Scaffolds the connector plugin into `work/<folder>` and installs the kit's tarball there by one
 * `npm install --no-save` with an empty cache; measures it.
 */
function measureInstall(work: string, folder: string, kit: string, log: (line: string) => void): DevInstallResult {
  const plugin = join(work, folder);
  run(process.execPath, [join(REPO, 'bin/tributary.js'), 'new', 'plugin', 'acme-users', '--dir', plugin], work);
  const manifest = JSON.parse(run('cat', ['package.json'], plugin)) as {
    dependencies?: Record<string, string>;
    devDependencies?: Record<string, string>;
  };
  log(`npm install in the scaffolded plugin, empty cache: ${basename(kit)}`);
  const started = process.hrtime.bigint();
  run(
    'npm',
    ['install', '--no-save', '--no-audit', '--no-fund', '--cache', join(work, `${folder}-cache`), kit],
    plugin,
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const modules = join(plugin, 'node_modules');
  if (!existsSync(join(modules, 'tributary-kit/package.json')))
    throw new Error(`npm did not install tributary-kit in ${plugin}`);
  return {
    installed: {
      'tributary-kit': `${basename(kit).replace(/^tributary-kit-|\.tgz$/g, '')} (packed)`,
      ...manifest.dependencies,
      ...manifest.devDependencies,
    },
    seconds,
    diskMiB: diskKib(modules) / 1024,
    bytesMB: apparentBytes(modules) / 1e6,
    largest: packageWeights(modules).slice(0, 10),
    nativeModules: nativeFiles(modules),
  };
}

export function runDevInstall(options: { log: (line: string) => void }): DevInstallResult {
  if (
    !existsSync(join(REPO, 'dist/host/cli/main.js')) ||
    !existsSync(join(REPO, 'packages/kit/dist/testing/index.js'))
  ) {
    throw new Error('dist/ or packages/kit/dist/ is missing: run npm run build first');
  }
  const work = mkdtempSync(join(tmpdir(), 'tributary-dev-install-'));
  try {
    options.log('packing tributary-kit');
    const [{ filename }] = JSON.parse(
      run(
        'npm',
        ['pack', '--workspace', 'tributary-kit', '--ignore-scripts', '--json', '--pack-destination', work],
        REPO,
      ),
    ) as [{ filename: string }];
    const kit = join(work, filename);
    return measureInstall(work, 'plugin', kit, options.log);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/**
 * A plugin's development install, on every Node.js: at most 30 MB (10^6 bytes) of files in node_modules,
 * 45 s, and no native module. Disk use is reported beside the bytes: it rounds every small file up to a
 * block of the file system, so it depends on the machine's, not on what is installed.
 */
export function checkDevInstallGoals(result: DevInstallResult): Goal[] {
  const goal = (name: string, target: number, measured: number): Goal => ({
    goal: name,
    target,
    measured,
    met: measured <= target,
    atMost: true,
  });
  return [
    goal('node_modules of a new plugin, files (MB)', 30, result.bytesMB),
    goal('npm install of a new plugin, empty cache (s)', 45, result.seconds),
    goal('native modules in a new plugin', 0, result.nativeModules),
  ];
}
