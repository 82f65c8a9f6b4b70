/**
 * One scenario in its own process, so that its peak RSS is its own: forked by bench/run.ts with the
 * scenario input as JSON in argv[2]; sends one ScenarioResult back over IPC and exits. Each scenario's
 * code is imported only when it runs (jsforce's modules do not weigh on Tributary's RSS, and back).
 */
import { profileSection } from './section-profiler.js';
import { startMemorySampler } from './memory-sampler.js';
import { peakRssMiB, type ScenarioInput, type ScenarioResult } from './scenario-types.js';

async function run(input: ScenarioInput): Promise<ScenarioResult> {
  const { scenario } = input;
  if (scenario === 'baseline') {
    // Node + tsx + every module the Tributary scenario loads, nothing run: the floor under its peak RSS.
    const [{ BUILTIN_PLUGINS }, { builtinsToLoad, importBuiltin }] = await Promise.all([
      import('../host/builtins/builtin-plugins.js'),
      import('tributary-kit/internal/kernel/plugins/builtin-table.js'),
    ]);
    await import('./tributary-scenario.js');
    await Promise.all(builtinsToLoad(BUILTIN_PLUGINS, {}).map(importBuiltin));
    return { scenario, rows: 0, ms: 0, rowsPerSec: 0, peakRssMiB: peakRssMiB() };
  }
  if (scenario === 'ceiling' || scenario === 'jsforce-jsonata') {
    const measure =
      scenario === 'ceiling'
        ? (await import('./ceiling-scenario.js')).runCeiling
        : (await import('./jsforce-scenario.js')).runJsforce;
    const stopProfile = await profileSection(input.profile);
    const { rows, ms } = await measure(input);
    await stopProfile();
    return { scenario, rows, ms, rowsPerSec: (rows * 1000) / ms, peakRssMiB: peakRssMiB() };
  }
  const { runTributary } = await import('./tributary-scenario.js');
  // The sampler's worker thread costs a few MiB of its own: only the long scale run is sampled.
  const stopSampling = scenario === 'tributary-scale' ? startMemorySampler(1000) : async () => undefined;
  const stopProfile = await profileSection(input.profile);
  const sink =
    scenario === 'tributary-sqlite' ||
    scenario === 'tributary-scale' ||
    scenario === 'tributary-incremental' ||
    scenario === 'tributary-ledger'
      ? 'sqlite'
      : scenario === 'tributary-postgres'
        ? 'postgres'
        : 'jsonl'; // jsonl for -jsonl, -jsonl-jsonata, -rest and -bulk
  const outcome = await runTributary(input, sink, scenario === 'tributary-jsonl-jsonata' ? 'jsonata' : 'native');
  await stopProfile();
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
