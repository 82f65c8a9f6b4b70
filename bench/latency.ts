/**
 * `--latency`: the sync against a sandbox that answers at the pace of the pinned latency model (600 ms for
 * a query's first page, 250 ms + 150 µs per record for each further one, 4 MB/s), so that wall-clock
 * time, not CPU, decides. Tributary with `api: rest` (concurrent Id ranges, as many streams as its first
 * page calls for) and with `api: bulk`, and the jsforce script, each in its own child; beside them the
 * sequential floor, the sum of the modelled times of the token request and of every page read one after
 * the other, and, at 300,000 users, the target of `api: rest` (10 s).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sandboxAccess } from './sandbox-access.js';
import {
  DEFAULT_SANDBOX_QUERY,
  startSandbox,
  type LatencyModel,
  type Sandbox,
} from '../plugins/salesforce-sandbox/index.js';
import { forkScenario } from './fork-scenario.js';
import { LATENCY_SCENARIOS, type ScenarioInput, type ScenarioName, type ScenarioResult } from './scenario-types.js';
import { summarize, type Summary } from './stats.js';

export interface LatencyRun extends ScenarioResult {
  /** API requests the org counted (token requests are not API calls). */
  readonly apiCalls: number;
  /** Most requests the sandbox answered at once. */
  readonly peakConcurrency: number;
}

interface LatencySummary {
  readonly scenario: ScenarioName;
  readonly rows: number;
  readonly seconds: Summary;
  readonly apiCalls: number;
  readonly peakConcurrency: number;
  readonly peakRssMiB: Summary;
  readonly runs: readonly LatencyRun[];
}

/** The wall time `api: rest` should not exceed, and for how many users. */
const REST_TARGET = { seconds: 10, rows: 300_000 } as const;

export interface LatencyComparison {
  readonly rows: number;
  readonly rounds: number;
  readonly model: LatencyModel;
  /** The sequential floor of the benchmark query, in seconds. */
  readonly floorSeconds: number;
  readonly scenarios: readonly LatencySummary[];
  /**
   * How many times faster than the named reference (its median seconds / ours); at `REST_TARGET.rows`
   * users also `tributary-rest vs the 10 s target` (the target's seconds / ours: 1 or more meets it).
   */
  readonly speedups: Record<string, number>;
}

const PARAMETERS: Partial<Record<ScenarioName, Readonly<Record<string, string>>>> = {
  'tributary-rest': { api: 'rest' },
  'tributary-bulk': { api: 'bulk' },
};

/** One scenario child against the sandbox, with the org's API calls and the peak concurrency it caused. */
export async function measureAgainst(
  sandbox: Sandbox,
  input: ScenarioInput,
  childFlags?: readonly string[],
): Promise<LatencyRun> {
  const callsBefore = sandbox.usage.used;
  sandbox.resetPeakInFlight();
  const result = await forkScenario(input, childFlags);
  return { ...result, apiCalls: sandbox.usage.used - callsBefore, peakConcurrency: sandbox.stats.peakInFlight };
}

export async function runLatency(options: {
  rows: number;
  rounds: number;
  only?: readonly string[];
  childFlags?: readonly string[];
  parameters?: Readonly<Record<string, string | number>>;
  log: (line: string) => void;
}): Promise<LatencyComparison> {
  const scenarios = LATENCY_SCENARIOS.filter((s) => !options.only || options.only.includes(s));
  const sandbox = await startSandbox({ users: options.rows, latency: true, apiLimit: 100_000_000 });
  const model = sandbox.latency as LatencyModel;
  const floorSeconds = sandbox.sequentialFloorMs(DEFAULT_SANDBOX_QUERY) / 1000;
  options.log(
    `sandbox: ${options.rows.toLocaleString('en-US')} users under the latency model; sequential floor ${floorSeconds.toFixed(1)} s`,
  );
  const root = await mkdtemp(join(tmpdir(), 'tributary-bench-latency-'));
  const runs = new Map<ScenarioName, LatencyRun[]>(scenarios.map((s) => [s, []]));
  try {
    for (let round = 1; round <= options.rounds; round++) {
      for (const scenario of scenarios) {
        const workDir = await mkdtemp(join(root, `${scenario}-`));
        const input: ScenarioInput = {
          ...sandboxAccess(sandbox, options.rows),
          scenario,
          workDir,
          parameters: PARAMETERS[scenario] ? { ...options.parameters, ...PARAMETERS[scenario] } : undefined,
        };
        const run = await measureAgainst(sandbox, input, options.childFlags);
        await rm(workDir, { recursive: true, force: true });
        if (run.rows !== options.rows)
          throw new Error(`${scenario} ended with ${run.rows} rows instead of ${options.rows}`);
        runs.get(scenario)?.push(run);
        options.log(
          `round ${round}/${options.rounds} ${scenario.padEnd(16)} ${(run.ms / 1000).toFixed(1).padStart(7)} s  ${run.apiCalls} API calls  peak concurrency ${run.peakConcurrency}  peak RSS ${run.peakRssMiB.toFixed(0)} MiB`,
        );
        if (scenario === 'tributary-rest')
          options.log(`  ${restAgainstGoals(run.ms / 1000, options.rows, floorSeconds)}`);
      }
    }
  } finally {
    await sandbox.close();
    await rm(root, { recursive: true, force: true });
  }
  const summaries = scenarios.map((scenario): LatencySummary => {
    const list = runs.get(scenario) ?? [];
    return {
      scenario,
      rows: list[0]?.rows ?? 0,
      seconds: summarize(list.map((r) => r.ms / 1000)),
      apiCalls: Math.max(...list.map((r) => r.apiCalls)),
      peakConcurrency: Math.max(...list.map((r) => r.peakConcurrency)),
      peakRssMiB: summarize(list.map((r) => r.peakRssMiB)),
      runs: list,
    };
  });
  return {
    rows: options.rows,
    rounds: options.rounds,
    model,
    floorSeconds,
    scenarios: summaries,
    speedups: speedupsOf(summaries, floorSeconds, options.rows),
  };
}

/** `api: rest`'s wall time against the sequential floor and, at `REST_TARGET.rows` users, the 10 s target. */
function restAgainstGoals(seconds: number, rows: number, floorSeconds: number): string {
  const floor = `${(seconds / floorSeconds).toFixed(3)} of the sequential floor (${(floorSeconds / seconds).toFixed(1)}× faster)`;
  if (rows !== REST_TARGET.rows) return `tributary-rest: ${floor}`;
  const share = seconds / REST_TARGET.seconds;
  return `tributary-rest: ${seconds.toFixed(1)} s for ${rows.toLocaleString('en-US')} users, ${share.toFixed(2)} of the ${REST_TARGET.seconds} s target (${share <= 1 ? 'met' : 'missed'}), ${floor}`;
}

function speedupsOf(summaries: readonly LatencySummary[], floorSeconds: number, rows: number): Record<string, number> {
  const seconds = (s: ScenarioName): number | undefined => summaries.find((x) => x.scenario === s)?.seconds.median;
  const speedups: Record<string, number> = {};
  for (const ours of ['tributary-rest', 'tributary-bulk'] as const) {
    const mine = seconds(ours);
    if (mine === undefined) continue;
    const script = seconds('jsforce-jsonata');
    if (script !== undefined) speedups[`${ours} vs jsforce-jsonata`] = script / mine;
    speedups[`${ours} vs sequential floor`] = floorSeconds / mine;
  }
  const rest = seconds('tributary-rest');
  if (rest !== undefined && rows === REST_TARGET.rows)
    speedups[`tributary-rest vs the ${REST_TARGET.seconds} s target`] = REST_TARGET.seconds / rest;
  return speedups;
}
