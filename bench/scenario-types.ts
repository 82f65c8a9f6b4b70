/**
 * What the parent hands a scenario child, and what the child hands back.
 */
export const SCENARIOS = ['tributary-jsonl', 'tributary-sqlite', 'jsforce-jsonata', 'ceiling'] as const;
export type ScenarioName = (typeof SCENARIOS)[number] | 'tributary-scale';

export interface ScenarioInput {
  readonly scenario: ScenarioName;
  /** The sandbox's base URL (also its `instance_url`). */
  readonly url: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly query: string;
  /** Users in the sandbox. */
  readonly rows: number;
  /** A fresh folder for this scenario's config, state and output. */
  readonly workDir: string;
}

export interface ScenarioResult {
  readonly scenario: ScenarioName;
  /** Rows that reached the end of the scenario (the sink, the mapped array, the parsed pages). */
  readonly rows: number;
  readonly ms: number;
  readonly rowsPerSec: number;
  /** `process.resourceUsage().maxRSS` at the end of the child, in MiB. */
  readonly peakRssMiB: number;
  /** Tributary only: the run's status, from the CLI's exit code. */
  readonly status?: string;
  /** Tributary only: the execution-log entry the CLI printed. */
  readonly detail?: string;
}

/** The three mapped fields every scenario computes, besides the identification (`Username`). */
export const MAPPED_FIELDS = [
  { source: 'Email', target: 'email' },
  { source: 'Department', target: 'department' },
  { source: 'Manager.Name', target: 'manager' },
] as const;
export const IDENTIFICATION = 'Username';

/** Peak resident set size of this process so far, in MiB (`maxRSS` is in KiB). */
export function peakRssMiB(): number {
  return process.resourceUsage().maxRSS / 1024;
}
