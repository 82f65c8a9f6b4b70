/**
 * Runs one scenario in a child process (`node --import tsx bench/scenario-child.ts`) and returns what
 * it reports over IPC.
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ScenarioInput, ScenarioResult } from './scenario-types.js';

const CHILD = fileURLToPath(new URL('./scenario-child.ts', import.meta.url));

export function forkScenario(input: ScenarioInput, execArgv: readonly string[] = []): Promise<ScenarioResult> {
  return new Promise((resolve, reject) => {
    const child = fork(CHILD, [JSON.stringify(input)], {
      execArgv: ['--conditions=tributary-source', '--import', 'tsx', ...execArgv],
      stdio: ['ignore', 'inherit', 'pipe', 'ipc'],
    });
    let result: ScenarioResult | undefined;
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('message', (message) => (result = message as ScenarioResult));
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code === 0 && result) resolve(result);
      else reject(new Error(`Scenario ${input.scenario} exited with code ${code}:\n${stderr}`));
    });
  });
}
