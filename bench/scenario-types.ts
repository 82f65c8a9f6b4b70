import { readFileSync } from 'node:fs';
import type { MemoryTimeline } from './memory-sampler.js';

/**
 * What the parent hands a scenario child, and what the child hands back.
 */
export const SCENARIOS = [
  'tributary-jsonl',
  'tributary-sqlite',
  'tributary-postgres',
  'tributary-jsonl-jsonata',
  'jsforce-jsonata',
  'ceiling',
] as const;
export const LATENCY_SCENARIOS = ['tributary-rest', 'tributary-bulk', 'jsforce-jsonata'] as const;
export type ScenarioName =
  | (typeof SCENARIOS)[number]
  | (typeof LATENCY_SCENARIOS)[number]
  | 'tributary-scale'
  | 'tributary-incremental'
  | 'tributary-ledger'
  | 'baseline';

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
  /** Write a CPU profile of the measured section to this file. */
  readonly profile?: string;
  /** Extra connector parameters for the Tributary scenarios (`api: rest`). */
  readonly parameters?: Readonly<Record<string, string | number>>;

  /** The connector's `sync:` entry, in YAML flow style (`tributary-incremental`). */
  readonly sync?: string;
  /** More `state:` settings, in YAML flow style (`{ ledgerRetentionDays: 0 }`). */
  readonly state?: string;

  /** `tributary-postgres`: a fresh, empty database for this round (the cluster's). */
  readonly postgresUrl?: string;
}

export interface ScenarioResult {
  readonly scenario: ScenarioName;
  /** Rows that reached the end of the scenario (the sink, the mapped array, the parsed pages). */
  readonly rows: number;
  readonly ms: number;
  readonly rowsPerSec: number;
  /** Peak RSS of the child at the end of the scenario, in MiB (see {@link peakRssMiB}). */
  readonly peakRssMiB: number;
  /** Tributary only: the run's status, from the CLI's exit code. */
  readonly status?: string;
  /** Tributary only: the execution-log entry the CLI printed. */
  readonly detail?: string;
  /** Tributary only: the last lines the CLI wrote to stderr (its progress lines). */
  readonly progress?: readonly string[];
  /** Tributary only: memory sampled during the run. */
  readonly memory?: MemoryTimeline;
}

/** The three mapped fields every scenario computes, besides the identification (`Username`). */
export const MAPPED_FIELDS = [
  { source: 'Email', target: 'email' },
  { source: 'Department', target: 'department' },
  { source: 'Manager.Name', target: 'manager' },
] as const;
export const IDENTIFICATION = 'Username';

/**
 * `tributary-jsonl-jsonata`: three fields again, two of them expressions rather than paths, of the
 * common shapes that run natively (`$lowercase`, concatenation), over a query that also selects the
 * names. Its rate against `tributary-jsonl` (paths only) is what such expressions cost. Its pages are
 * pre-rendered too.
 */
export const JSONATA_FIELDS = [
  { source: '$lowercase(Email)', target: 'email' },
  { source: "FirstName & ' ' & LastName", target: 'name' },
  { source: 'Department', target: 'department' },
] as const;
export const JSONATA_QUERY = 'SELECT Id, Username, Email, FirstName, LastName, Department FROM User';

/**
 * Peak resident set size of this process so far, in MiB. On Linux `VmHWM` of /proc/self/status: a
 * forked child's `process.resourceUsage().maxRSS` starts from the PARENT's RSS at fork time (the kernel
 * carries the old image's high-water mark across exec), which here is the sandbox's pre-rendered pages.
 * Elsewhere `maxRSS` (KiB), with that caveat.
 */
export function peakRssMiB(): number {
  try {
    const match = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync('/proc/self/status', 'utf8'));
    if (match) return Number(match[1]) / 1024;
  } catch {
    // not Linux
  }
  return process.resourceUsage().maxRSS / 1024;
}
