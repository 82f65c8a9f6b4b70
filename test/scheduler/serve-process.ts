/**
 * `serve` in a real process, for the end-to-end test: `node --import tsx serve-process.ts <config.json> <stateDir>`.
 * The config is read from the JSON file on every (re)load; a run prints `started <nqlId>` and lasts
 * until it is aborted, then prints `aborted <nqlId>: <reason>`. Log lines go to stdout.
 */
import { readFile } from 'node:fs/promises';
import type { Logger, RunResult, TributaryConfig } from 'tributary-kit';
import { serve } from '../../host/serve/scheduler/index.js';

const [configPath, stateDir] = process.argv.slice(2) as [string, string];
const say = (line: string): void => void process.stdout.write(`${line}\n`);
const logger: Logger = {
  debug: () => undefined,
  info: (m) => say(`info ${m}`),
  warn: (m) => say(`warn ${m}`),
  error: (m) => say(`error ${m}`),
};

const runConnector = (nqlId: string, signal: AbortSignal): Promise<RunResult | undefined> => {
  say(`started ${nqlId}`);
  return new Promise((resolve) => {
    signal.addEventListener('abort', () => {
      say(`aborted ${nqlId}: ${(signal.reason as Error).message}`);
      resolve(undefined);
    });
  });
};

const exitCode = await serve({
  loadConfig: async () => JSON.parse(await readFile(configPath, 'utf8')) as TributaryConfig,
  configPath,
  stateDir,
  runConnector,
  logger,
});
say(`exit ${exitCode}`);
process.exitCode = exitCode;
