import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { defaultLoadersSync } from 'cosmiconfig';

export const run = promisify(execFile);
export const REPO = fileURLToPath(new URL('../../', import.meta.url));
const TOOLS = ['valibot', 'tsx', 'mocha', 'typescript', '@types/node', '@types/mocha'];

/** The newest modification time of the sources dist/ is built from. */
function newestSource(dir = REPO, depth = 0): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (depth === 0 && !SOURCE_DIRS.includes(entry.name)) continue;
      newest = Math.max(newest, newestSource(path, depth + 1));
    } else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') && (depth > 0 || ROOT_SOURCES.includes(entry.name))) {
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
  await run(process.execPath, [join(REPO, 'node_modules/typescript/bin/tsc'), '-p', join(REPO, 'tsconfig.build.json')], { cwd: REPO });
}

/**
 * Installs this repository into a generated package with npm, as a plugin author would: from the npm
 * cache first, else from the registry. With `npm: false` (tests that only compile), links
 * node_modules/tributary to the repository and the tools to its node_modules instead.
 * Returns how it was installed.
 */
export async function installTributary(dir: string, options: { npm?: boolean } = {}): Promise<'npm' | 'links'> {
  if (options.npm !== false) {
    await npmInstall(dir);
    return 'npm';
  }
  mkdirSync(join(dir, 'node_modules/@types'), { recursive: true });
  link(REPO, join(dir, 'node_modules/tributary'));
  for (const tool of TOOLS) link(join(REPO, 'node_modules', tool), join(dir, 'node_modules', tool));
  return 'links';
}

async function npmInstall(dir: string): Promise<void> {
  const args = ['install', '--no-audit', '--no-fund', '--no-save', '--ignore-scripts', REPO];
  try {
    await run('npm', [...args, '--offline'], { cwd: dir, timeout: 60_000 });
  } catch {
    // ENOTCACHED: a dev tool is not in the cache; the registry is reachable where the tests run.
    await run('npm', [...args, '--prefer-offline'], { cwd: dir, timeout: 120_000 });
  }
  if (!existsSync(join(dir, 'node_modules/tributary/package.json')) || !existsSync(join(dir, 'node_modules/mocha'))) {
    throw new Error(`npm install in ${dir} did not install tributary and the dev tools`);
  }
}

function link(target: string, path: string): void {
  if (!existsSync(path)) symlinkSync(target, path, 'dir');
}

/** Runs a tool of the generated package the way its npm scripts would. */
export function tool(dir: string, script: 'tsc' | 'mocha', args: string[] = []) {
  const bin = script === 'tsc' ? 'node_modules/typescript/bin/tsc' : 'node_modules/mocha/bin/mocha.js';
  return run(process.execPath, [join(dir, bin), ...args], { cwd: dir, timeout: 40_000 });
}

/** The README's yaml code block, parsed by the YAML loader the host reads configurations with. */
export function readmeYaml(dir: string): Record<string, unknown> {
  const readme = readFileSync(join(dir, 'README.md'), 'utf8');
  const block = /^```yaml\n([\s\S]*?)^```$/m.exec(readme);
  if (!block) throw new Error(`${dir}/README.md has no yaml block`);
  return defaultLoadersSync['.yaml'](join(dir, 'README.yaml'), block[1]!) as Record<string, unknown>;
}
