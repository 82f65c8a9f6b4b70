/**
 * One scenario in its own process, so that its peak RSS is its own: forked by bench/run.ts with the
 * scenario input as JSON in argv[2]; sends one ScenarioResult back over IPC and exits. Each scenario's
 * code is imported only when it runs (jsforce's modules do not weigh on Tributary's RSS, and back).
 */
import { startMemorySampler } from './memory-sampler.js';
import { peakRssMiB, type ScenarioInput, type ScenarioResult } from './scenario-types.js';

async function run(input: ScenarioInput): Promise<ScenarioResult> {
  const { scenario } = input;
  if (scenario === 'ceiling' || scenario === 'jsforce-jsonata') {
    const measure = scenario === 'ceiling' ? (await import('./ceiling-scenario.js')).runCeiling : (await import('./jsforce-scenario.js')).runJsforce;
    const { rows, ms } = await measure(input);
    return { scenario, rows, ms, rowsPerSec: (rows * 1000) / ms, peakRssMiB: peakRssMiB() };
  }
  const { runTributary } = await import('./tributary-scenario.js');
  const stopSampling = startMemorySampler(scenario === 'tributary-scale' ? 1000 : 250);
  const outcome = await runTributary(input, scenario === 'tributary-jsonl' ? 'jsonl' : 'sqlite'); // sqlite for -sqlite and -scale
  const peak = peakRssMiB();
  const memory = await stopSampling();
  if (outcome.status === 'failure' || outcome.status === 'config error') {
    throw new Error(`The Tributary run failed (${outcome.status}):\n${outcome.stdout}\n${outcome.stderr}`);
  }
  const rows = await outcome.countRows();
  return {
    scenario,
    rows,
    ms: outcome.ms,
    rowsPerSec: (rows * 1000) / outcome.ms,
    peakRssMiB: peak,
    status: outcome.status,
    detail: outcome.stdout.trim(),
    progress: outcome.stderr.trim().split('\n').slice(-3),
    memory,
  };
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
