import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { defaultLoadersSync } from 'cosmiconfig';

export const run = promisify(execFile);
export const REPO = fileURLToPath(new URL('../../', import.meta.url));
/** The tributary-kit workspace package: what a plugin depends on. */
export const KIT = join(REPO, 'packages/kit');
const TOOLS = ['valibot', 'typescript', '@types/node'];

/** A package built by `tsc -p <tsconfig>` into dist/: where its sources are and the file it builds last. */
interface Build {
  readonly root: string;
  readonly tsconfig: string;
  /** Folders under `root` holding its sources. */
  readonly dirs: readonly string[];
  /** Its `.ts` files at `root` itself. */
  readonly files: readonly string[];
  readonly built: string;
}

const KIT_BUILD: Build = {
  root: KIT,
  tsconfig: 'tsconfig.build.json',
  dirs: ['core', 'kernel', 'plugins', 'testing'],
  files: [],
  built: 'dist/testing/index.js',
};
const HOST_BUILD: Build = {
  root: REPO,
  tsconfig: 'tsconfig.build.json',
  dirs: ['host', 'plugins'],
  files: ['index.ts', 'core.ts', 'testing.ts'],
  built: 'dist/testing.js',
};

/** The newest modification time of the sources a build compiles (spec files aside). */
function newestSource(build: Build, dir = build.root, depth = 0): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name === 'node_modules' || (depth === 0 && !build.dirs.includes(entry.name))) continue;
      newest = Math.max(newest, newestSource(build, path, depth + 1));
    } else if (
      entry.name.endsWith('.ts') &&
      !entry.name.endsWith('.spec.ts') &&
      (depth > 0 || build.files.includes(entry.name))
    ) {
      newest = Math.max(newest, statSync(path).mtimeMs);
    }
  }
  return newest;
}

/** Runs a build when its output is missing or older than `since` or one of its sources; true if it ran. */
async function buildIfStale(build: Build, since = 0): Promise<boolean> {
  const built = join(build.root, build.built);
  if (existsSync(built) && statSync(built).mtimeMs >= Math.max(since, newestSource(build))) return false;
  await run(process.execPath, [join(REPO, 'node_modules/typescript/bin/tsc'), '-p', join(build.root, build.tsconfig)], {
    cwd: build.root,
  });
  return true;
}

/**
 * Builds the kit's dist/ (packages/kit/dist) and this package's, each when it is missing or older than
 * one of its sources, the host's also when older than the kit's sources it compiles against (`npm test`
 * builds both before mocha; a run of these specs alone after an edit must not test yesterday's build).
 * A build error fails.
 */
export async function ensureBuilt(): Promise<void> {
  await buildIfStale(KIT_BUILD);
  await buildIfStale(HOST_BUILD, newestSource(KIT_BUILD));
}

/** `npm pack` in the repository root with the given arguments into a new temp folder: the tarball's path. */
async function pack(args: readonly string[]): Promise<string> {
  await ensureBuilt();
  const into = mkdtempSync(join(tmpdir(), 'tributary-pack-'));
  const { stdout } = await run('npm', ['pack', ...args, '--ignore-scripts', '--json', '--pack-destination', into], {
    cwd: REPO,
    timeout: 60_000,
  });
  const [{ filename }] = JSON.parse(stdout) as [{ filename: string }];
  return join(into, filename);
}

let packedKit: Promise<string> | undefined;
let packedHost: Promise<string> | undefined;

/**
 * The kit as a release: `npm pack --workspace tributary-kit` of the built repository into a temp folder
 * (once per test process), giving `tributary-kit-<version>.tgz`. dist/ is built first; the pack skips scripts.
 */
export function packKit(): Promise<string> {
  packedKit ??= pack(['--workspace', 'tributary-kit']);
  return packedKit;
}

/**
 * This package (the host) as a release, `tributary-host-<version>.tgz`, packed like {@link packKit}. It
 * depends on the kit at its exact version, not on the registry before a release: install it together
 * with {@link packKit}'s tarball, in one `npm install`, so that npm takes the kit from there.
 */
export function packTributary(): Promise<string> {
  packedHost ??= pack([]);
  return packedHost;
}

/** `npm install --no-save` of the given specs in `dir` (dependencies from the npm cache, else the registry). */
export async function npmInstall(dir: string, specs: readonly string[]): Promise<void> {
  await run('npm', ['install', '--no-save', '--prefer-offline', '--no-audit', '--no-fund', ...specs], {
    cwd: dir,
    timeout: 540_000,
  });
}

/**
 * Installs the kit into a generated package as a plugin author does before it is on the registry: the
 * packed tarball with `npm install --no-save` (with the package's own dependencies and devDependencies),
 * and nothing more, on any Node.js. With `npm: false` (tests that only
 * compile and run against the checkout), links node_modules/tributary-kit to packages/kit (whose built
 * dist/ it resolves to) and the tools to the repository's node_modules instead. Returns what was
 * installed: the tarball's path, or `links`.
 */
export async function installTributary(dir: string, options: { npm?: boolean } = {}): Promise<string> {
  if (options.npm !== false) {
    const tarball = await packKit();
    await npmInstall(dir, [tarball]);
    if (
      !existsSync(join(dir, 'node_modules/tributary-kit/package.json')) ||
      !existsSync(join(dir, 'node_modules/typescript'))
    ) {
      throw new Error(`npm install in ${dir} did not install tributary-kit and the dev tools`);
    }
    return tarball;
  }
  mkdirSync(join(dir, 'node_modules/@types'), { recursive: true });
  link(KIT, join(dir, 'node_modules/tributary-kit'));
  for (const tool of TOOLS) link(join(REPO, 'node_modules', tool), join(dir, 'node_modules', tool));
  return 'links';
}

function link(target: string, path: string): void {
  if (!existsSync(path)) symlinkSync(target, path, 'dir');
}

/**
 * Runs a tool of the generated package the way its npm scripts would: `tsc`, or `test`, Node's test
 * runner on the spec files `npm run typecheck` compiled into build-test/test/.
 */
export function tool(dir: string, script: 'tsc' | 'test', args: string[] = []) {
  if (script === 'tsc') {
    return run(process.execPath, [join(dir, 'node_modules/typescript/bin/tsc'), ...args], {
      cwd: dir,
      timeout: 40_000,
    });
  }
  const specs = readdirSync(join(dir, 'build-test/test'))
    .filter((f) => f.endsWith('.spec.js'))
    .map((f) => join('build-test/test', f));
  return run(process.execPath, ['--test', '--test-reporter=spec', ...specs], { cwd: dir, timeout: 40_000 });
}

/** The README's yaml code block, parsed by the YAML loader the host reads configurations with. */
export function readmeYaml(dir: string): Record<string, unknown> {
  const readme = readFileSync(join(dir, 'README.md'), 'utf8');
  const block = /^```yaml\n([\s\S]*?)^```$/m.exec(readme);
  if (!block) throw new Error(`${dir}/README.md has no yaml block`);
  return defaultLoadersSync['.yaml'](join(dir, 'README.yaml'), block[1]!) as Record<string, unknown>;
}
