import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface CliRunOptions {
  /**
   * A configuration object, written to `tributary.config.json` in a fresh temp folder and passed with
   * `--config` (the state folder `.tributary` is created beside it). Name your plugin's folder in its
   * `plugins:` with an absolute path: `plugins: [pluginDir]` (a built plugin: its `dist/`).
   */
  readonly config?: unknown;
  /** Working folder of the command. Default: the temp folder of `config`, else the current one. */
  readonly cwd?: string;
  /** Environment added to the current one (`${NAME}` secrets of the config). */
  readonly env?: Readonly<Record<string, string>>;
  /** Kill the command after this long (default 60,000 ms). */
  readonly timeoutMs?: number;
}

export interface CliRun {
  /** The exit code: 0 success, 3 partial, 1 failure, 2 usage or configuration error. */
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  /** The temp folder holding the written config, when `config` was given. */
  readonly dir: string | undefined;
}

/** The installed package's `bin/tributary.js`: the first folder up from this file with that bin. */
function tributaryBin(): string {
  for (let dir = dirname(fileURLToPath(import.meta.url)); ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (
      existsSync(manifest) &&
      (JSON.parse(readFileSync(manifest, 'utf8')) as { bin?: Record<string, string> }).bin?.['tributary']
    ) {
      return join(dir, 'bin/tributary.js');
    }
    if (dirname(dir) === dir)
      throw new Error('runTributaryCli: the tributary package that holds this kit has no bin/tributary.js');
  }
}

/**
 * Runs the real `tributary` command (a child process of the installed package's CLI, which needs its
 * compiled `dist/`), e.g. `await runTributaryCli(['run'], { config: { plugins: [pluginDir], … } })`.
 * Resolves with the exit code and the output, whatever the code.
 */
export async function runTributaryCli(args: readonly string[], options: CliRunOptions = {}): Promise<CliRun> {
  let dir: string | undefined;
  const argv = [tributaryBin(), ...args];
  if (options.config !== undefined) {
    dir = mkdtempSync(join(tmpdir(), 'tributary-cli-'));
    writeFileSync(join(dir, 'tributary.config.json'), JSON.stringify(options.config, null, 2));
    argv.push('--config', join(dir, 'tributary.config.json'));
  }
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      argv,
      {
        cwd: options.cwd ?? dir ?? process.cwd(),
        env: { ...process.env, ...options.env },
        timeout: options.timeoutMs ?? 60_000,
        encoding: 'utf8',
      },
      (error, stdout, stderr) => {
        const code = error ? (error as { code?: unknown }).code : 0;
        if (typeof code !== 'number') return reject(error ?? new Error('tributary did not exit'));
        resolve({ code, stdout, stderr, dir });
      },
    );
  });
}
