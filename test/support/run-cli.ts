import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { silentLogger } from 'tributary-kit';
import { main, type MainOptions } from '../../host/cli/main.js';

export interface CliOutcome {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the CLI in-process with captured output. */
export async function runCli(argv: string[], options: MainOptions = {}): Promise<CliOutcome> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    ...options,
    streams: { stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) } },
    host: { logger: silentLogger, ...options.host },
    onSignal: options.onSignal ?? (() => () => undefined),
  });
  return { code, stdout, stderr };
}

/** A temp folder with the given files (paths relative to it). */
export function tempProject(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'tributary-test-'));
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
  return dir;
}

/** `tributary logs --config <config> --format json <nql>`, parsed; a non-zero exit throws with its stderr. */
export async function logsJson(
  config: string,
  nql: string,
  options: MainOptions = {},
): Promise<Array<Record<string, string | number>>> {
  const out = await runCli(['logs', '--config', config, '--format', 'json', nql], options);
  if (out.code !== 0) throw new Error(`logs exited ${out.code}: ${out.stderr}`);
  return JSON.parse(out.stdout) as Array<Record<string, string | number>>;
}
