/**
 * One scenario in its own process, so that its peak RSS is its own: forked by bench/run.ts with the
 * scenario input as JSON in argv[2]; sends one ScenarioResult back over IPC and exits.
 */
import { runCeiling } from './ceiling-scenario.js';
import { runJsforce } from './jsforce-scenario.js';
import { peakRssMiB, type ScenarioInput, type ScenarioResult } from './scenario-types.js';
import { runTributary } from './tributary-scenario.js';

async function run(input: ScenarioInput): Promise<ScenarioResult> {
  const { scenario } = input;
  if (scenario === 'ceiling' || scenario === 'jsforce-jsonata') {
    const { rows, ms } = scenario === 'ceiling' ? await runCeiling(input) : await runJsforce(input);
    return { scenario, rows, ms, rowsPerSec: (rows * 1000) / ms, peakRssMiB: peakRssMiB() };
  }
  const outcome = await runTributary(input, scenario === 'tributary-jsonl' ? 'jsonl' : 'sqlite');
  const peak = peakRssMiB();
  if (outcome.status === 'failure' || outcome.status === 'config error') {
    throw new Error(`The Tributary run failed (${outcome.status}):\n${outcome.stdout}\n${outcome.stderr}`);
  }
  const rows = await outcome.countRows();
  return { scenario, rows, ms: outcome.ms, rowsPerSec: (rows * 1000) / outcome.ms, peakRssMiB: peak, status: outcome.status, detail: outcome.stdout.trim() };
}

const input = JSON.parse(process.argv[2] ?? '{}') as ScenarioInput;
try {
  const result = await run(input);
  process.send?.(result);
  process.disconnect?.();
} catch (error) {
  console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exitCode = 1;
  process.disconnect?.();
}
