import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

export const run = promisify(execFile);
export const REPO = fileURLToPath(new URL('../../', import.meta.url));
const TOOLS = ['valibot', 'tsx', 'mocha', 'typescript', '@types/node', '@types/mocha'];

/** Builds this package's dist/ when it is missing (`npm test` builds it before mocha). */
export async function ensureBuilt(): Promise<void> {
  if (existsSync(join(REPO, 'dist/testing.js')) && existsSync(join(REPO, 'dist/host/scaffold/scaffold-plugin.js'))) return;
  await run(process.execPath, [join(REPO, 'node_modules/typescript/bin/tsc'), '-p', join(REPO, 'tsconfig.build.json')], { cwd: REPO }).catch(() => undefined);
}

/**
 * Installs this repository into a generated package: `npm install --offline <repo>` (the package's
 * dev tools come from the npm cache); when npm cannot work offline (a cache miss), links
 * node_modules/tributary to the repository and the tools to its node_modules, as a local install would.
 * Returns how it was installed.
 */
export async function installTributary(dir: string, options: { npm?: boolean } = {}): Promise<'npm' | 'links'> {
  if (options.npm !== false) await npmInstall(dir);
  if (existsSync(join(dir, 'node_modules/tributary/package.json')) && existsSync(join(dir, 'node_modules/mocha'))) return 'npm';
  mkdirSync(join(dir, 'node_modules/@types'), { recursive: true });
  link(REPO, join(dir, 'node_modules/tributary'));
  for (const tool of TOOLS) link(join(REPO, 'node_modules', tool), join(dir, 'node_modules', tool));
  return 'links';
}

async function npmInstall(dir: string): Promise<void> {
  try {
    await run('npm', ['install', '--offline', '--no-audit', '--no-fund', '--no-save', '--ignore-scripts', REPO], { cwd: dir, timeout: 30_000 });
  } catch {
    // ENOTCACHED offline: the caller falls back to links
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
