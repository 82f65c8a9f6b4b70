import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { defaultLoadersSync } from 'cosmiconfig';

export const run = promisify(execFile);
export const REPO = fileURLToPath(new URL('../../', import.meta.url));
const TOOLS = ['valibot', 'typescript', '@types/node'];

/** The newest modification time of the sources dist/ is built from. */
function newestSource(dir = REPO, depth = 0): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (depth === 0 && !SOURCE_DIRS.includes(entry.name)) continue;
      newest = Math.max(newest, newestSource(path, depth + 1));
    } else if (
      entry.name.endsWith('.ts') &&
      !entry.name.endsWith('.spec.ts') &&
      (depth > 0 || ROOT_SOURCES.includes(entry.name))
    ) {
      newest = Math.max(newest, statSync(path).mtimeMs);
    }
  }
  return newest;
}
const SOURCE_DIRS = ['core', 'host', 'plugins'];
const ROOT_SOURCES = ['index.ts', 'testing.ts'];

/**
 * Builds this package's dist/ when it is missing or older than a source (`npm test` builds it before
 * mocha; a run of this spec alone after an edit must not test yesterday's build). A build error fails.
 */
export async function ensureBuilt(): Promise<void> {
  const built = join(REPO, 'dist/testing.js');
  if (existsSync(built) && statSync(built).mtimeMs >= newestSource()) return;
  await run(
    process.execPath,
    [join(REPO, 'node_modules/typescript/bin/tsc'), '-p', join(REPO, 'tsconfig.build.json')],
    { cwd: REPO },
  );
}

let packed: Promise<string> | undefined;

/**
 * This package as a release: `npm pack` of the built repository into a temp folder (once per test
 * process), giving `tributary-host-<version>.tgz`. dist/ is built first; the pack skips `prepare`.
 */
export function packTributary(): Promise<string> {
  packed ??= (async () => {
    await ensureBuilt();
    const into = mkdtempSync(join(tmpdir(), 'tributary-pack-'));
    const { stdout } = await run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', into], {
      cwd: REPO,
      timeout: 60_000,
    });
    const [{ filename }] = JSON.parse(stdout) as [{ filename: string }];
    return join(into, filename);
  })();
  return packed;
}

/**
 * Installs this package into a generated package as a plugin author does before it is on the registry:
 * the packed tarball, with `npm install --no-save` (dependencies from the npm cache, else from the
 * registry; better-sqlite3 builds its native module). With `npm: false` (tests that only compile),
 * links node_modules/tributary-host to the repository and the tools to its node_modules instead.
 * Returns what was installed: the tarball's path, or `links`.
 */
export async function installTributary(dir: string, options: { npm?: boolean } = {}): Promise<string> {
  if (options.npm !== false) {
    const tarball = await packTributary();
    await run('npm', ['install', '--no-save', '--prefer-offline', '--no-audit', '--no-fund', tarball], {
      cwd: dir,
      timeout: 540_000,
    });
    if (
      !existsSync(join(dir, 'node_modules/tributary-host/package.json')) ||
      !existsSync(join(dir, 'node_modules/typescript'))
    ) {
      throw new Error(`npm install in ${dir} did not install tributary-host and the dev tools`);
    }
    return tarball;
  }
  mkdirSync(join(dir, 'node_modules/@types'), { recursive: true });
  link(REPO, join(dir, 'node_modules/tributary-host'));
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
