/**
 * The throughput goals checked against a comparison: at 200,000 rows, ≥ 5× jsforce + jsonata,
 * ≥ 0.6× the ceiling into jsonl and ≥ 0.5× into sqlite, peak RSS ≤ 300 MB; and the CLI's start-up goals.
 */
import type { Comparison } from './compare.js';
import type { LatencyComparison } from './latency.js';
import type { StartupResult } from './startup.js';

export interface Goal {
  readonly goal: string;
  readonly target: number;
  readonly measured: number | undefined;
  readonly met: boolean | undefined;
  /** The target is a ceiling (RSS, time), not a floor. */
  readonly atMost?: boolean;
}

const atLeast = (goal: string, target: number, measured: number | undefined): Goal => ({
  goal,
  target,
  measured,
  met: measured === undefined ? undefined : measured >= target,
});

const atMost = (goal: string, target: number, measured: number | undefined): Goal => ({
  goal,
  target,
  measured,
  met: measured === undefined ? undefined : measured <= target,
  atMost: true,
});

/** 300 MB (10^6 bytes) in MiB. */
const RSS_GOAL_MIB = (300 * 1e6) / 2 ** 20;

export function checkGoals(comparison: Comparison): Goal[] {
  const r = comparison.ratios;
  const rss = (s: string): number | undefined => comparison.scenarios.find((x) => x.scenario === s)?.peakRssMiB.max;
  return [
    atLeast('tributary-jsonl / jsforce-jsonata (rows/s)', 5, r['tributary-jsonl / jsforce-jsonata']),
    atLeast('tributary-sqlite / jsforce-jsonata (rows/s)', 5, r['tributary-sqlite / jsforce-jsonata']),
    atLeast('tributary-jsonl / ceiling (rows/s)', 0.6, r['tributary-jsonl / ceiling']),
    atLeast('tributary-sqlite / ceiling (rows/s)', 0.5, r['tributary-sqlite / ceiling']),
    // An API that answers at once: the default read (concurrency auto) as fast as one stream; both
    // read the same plan there, so 0.9 leaves room for the noise between rounds.
    atLeast('tributary-jsonl / its concurrency 1 (rows/s)', 0.9, r['tributary-jsonl / its concurrency 1']),
    // The common expressions (concatenation, $lowercase, conditionals…) beside paths, against paths only.
    atLeast('tributary-jsonl-jsonata / tributary-jsonl (rows/s)', 0.9, r['tributary-jsonl-jsonata / tributary-jsonl']),
    atMost('tributary-jsonl peak RSS, worst round (MiB)', RSS_GOAL_MIB, rss('tributary-jsonl')),
    atMost('tributary-sqlite peak RSS, worst round (MiB)', RSS_GOAL_MIB, rss('tributary-sqlite')),
  ];
}

/**
 * The wall-time goals against the latency scenario: Tributary with `api: rest` at least 5× faster than
 * the jsforce script and 4× faster than the sequential floor, peak RSS ≤ 300 MiB (the exact row count is
 * checked as the scenario runs).
 */
export function checkLatencyGoals(comparison: LatencyComparison): Goal[] {
  const rss = comparison.scenarios.find((x) => x.scenario === 'tributary-rest')?.peakRssMiB.max;
  return [
    atLeast(
      'tributary-rest vs jsforce-jsonata (× faster)',
      5,
      comparison.speedups['tributary-rest vs jsforce-jsonata'],
    ),
    atLeast(
      'tributary-rest vs sequential floor (× faster)',
      4,
      comparison.speedups['tributary-rest vs sequential floor'],
    ),
    // 300,000 users in at most 10 s: the target's seconds over ours, so 1 or more meets it.
    atLeast(
      'tributary-rest vs the 10 s target at 300,000 users (× faster)',
      1,
      comparison.speedups['tributary-rest vs the 10 s target'],
    ),
    atMost('tributary-rest peak RSS, worst round (MiB)', 300, rss),
  ];
}

/**
 * The start-up goals: `--help` within 150 ms of bare node, `validate` and `logs` within 300 ms, on the
 * same machine in the same run. Each is checked as the ratio it allows there: (bare + budget) / bare,
 * bare being this run's median of `node -e ''` (2.25× and 3.5× for a bare node of 120 ms).
 */
export function checkStartupGoals(result: StartupResult): Goal[] {
  const scenario = (name: string) => result.scenarios.find((s) => s.scenario === name);
  const bareMs = scenario("node -e ''")?.ms.median;
  const budget = (ms: number): number => (bareMs === undefined ? Number.NaN : (bareMs + ms) / bareMs);
  const goal = (name: string, ms: number): Goal =>
    atMost(
      `tributary ${name} / node -e '' (× bare node; within ${ms} ms)`,
      budget(ms),
      scenario(`tributary ${name}`)?.ratio,
    );
  return [goal('--help', 150), goal('validate', 300), goal('logs', 300)];
}
