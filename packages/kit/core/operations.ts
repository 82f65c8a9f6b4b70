import type { LedgerFilter, LedgerPage, RunChanges } from './ledger/change-ledger.js';
import type { FieldValue } from './records.js';
import type { UserPreview } from './user-preview.js';
import type { Actor } from './control/actor.js';
import type { ConnectorHealth } from './control/connector-health.js';
import type { AuditAction, HoldCounts } from './control/control-store.js';

/** One execution-log entry, keyed by NQL field name (`time`, `status`, `details.nql_id`, …). */
export type LogEntry = Readonly<Record<string, string | number | null>>;

/** A connector as an operator sees it while `serve` runs. */
export interface ConnectorStatus {
  readonly nqlId: string;
  readonly name: string;
  /** The template's display name, e.g. `Salesforce: User Attributes`. */
  readonly connector: string;
  /** The schedule in words (`daily at 02:00 (Europe/Zurich)`); absent when `serve` does not run it. */
  readonly schedule?: string;
  /** ISO 8601 UTC. */
  readonly nextRunAt?: string;
  readonly running: boolean;
  /** Its newest execution-log entry. */
  readonly lastRun?: LogEntry;
  /** ISO 8601 UTC time of its newest `success` entry. */
  readonly lastSuccessAt?: string;
  /** How late (seconds after its due time) its newest scheduled run started. */
  readonly schedulerLagSeconds?: number;
  /** Against its schedule: `error` (newest run failed), `late` (due, no success since), `on-time`. */
  readonly health: ConnectorHealth;
  /** Its schedule is paused: `serve` starts none of its scheduled runs (run now still works). */
  readonly paused?: { readonly by: string; readonly at: string };
  /** It failed too often in a row: its scheduled runs wait until `until` (ISO 8601 UTC). */
  readonly quarantine?: { readonly since: string; readonly failures: number; readonly until: string };
}

/** A held run as the API shows it (times ISO 8601 UTC). */
export interface HeldRunView {
  readonly runId: string;
  readonly nqlId: string;
  readonly host: string;
  readonly heldAt: string;
  readonly deadline: string;
  readonly reasons: readonly string[];
  readonly counts: HoldCounts;
  readonly decision?: { readonly verdict: 'approved' | 'rejected'; readonly by: string; readonly at: string };
}

/** A run in progress, with its rate and what remains (times ISO 8601 UTC). */
export interface LiveRunView {
  readonly runId: string;
  readonly nqlId: string;
  readonly host: string;
  readonly startedAt: string;
  readonly updatedAt: string;
  readonly phase: string;
  readonly receivedRows: number;
  readonly processedRows: number;
  readonly expectedRows?: number;
  /** Received rows per second since the start. */
  readonly rowsPerSecond: number;
  /** Seconds left at that rate, when the source announced its rows. */
  readonly etaSeconds?: number;
  readonly cancelRequested?: { readonly by: string; readonly at: string };
}

/** One connector's record over the overview's window. */
export interface ConnectorOverview {
  readonly nqlId: string;
  readonly name: string;
  readonly health: ConnectorHealth;
  readonly runs: number;
  readonly successes: number;
  /** successes / runs, 0–1; undefined without runs. */
  readonly successRate?: number;
  /** Rows processed per day over the window. */
  readonly rowsPerDay: number;
  /** Seconds since its newest success; undefined when it never succeeded. */
  readonly lastSuccessAgeSeconds?: number;
}

/** The overview across connectors over the last `days`. */
export interface Overview {
  readonly days: number;
  readonly connectors: readonly ConnectorOverview[];
}

/** One audit entry as the API shows it. */
export interface AuditEntryView {
  readonly time: string;
  readonly actor: string;
  readonly address?: string;
  readonly action: AuditAction;
  readonly target: string;
  readonly outcome: string;
}

/** What an operator action did: `done`, or why it did nothing. */
export type ActionOutcome =
  | { readonly done: true; readonly message: string }
  | { readonly done: false; readonly reason: 'unknown' | 'already' | 'unavailable'; readonly message: string };

/** One page of an NQL query over the execution log. */
export interface RunsPage {
  readonly columns: readonly string[];
  readonly entries: readonly LogEntry[];
  readonly offset: number;
  readonly limit: number;
  /** Entries the whole query returns. */
  readonly total: number;
}

/** The answer to "run it now". */
export type RunNowOutcome =
  | { readonly accepted: true; readonly nqlId: string }
  | {
      readonly accepted: false;
      readonly nqlId: string;
      readonly reason: 'running' | 'unknown' | 'stopping' | 'locked';
      readonly message: string;
    };

/** What `tributary check` finds for one connector. */
export interface ConnectorCheckReport {
  readonly nqlId: string;
  readonly ok: boolean;
  readonly messages: string[];
  /** What would be written for the first sample records. */
  readonly preview: Array<{ identifier: string; fields: Record<string, FieldValue> } | { error: string }>;
  readonly expectedRows?: number;
}

/**
 * What `serve` lets an operator see and do, handed by the host to every {@link HttpRoute}. The host's
 * JSON API is built on it; a console or a third-party route uses the same.
 */
export interface Operations {
  connectors(): Promise<ConnectorStatus[]>;
  /** An NQL query (default: newest first) over the execution log, one page of it. Throws a `config` error for a query that does not parse. */
  runs(query: { readonly nql?: string; readonly offset?: number; readonly limit?: number }): Promise<RunsPage>;
  /** One entry by `details.run_id`. */
  run(runId: string): Promise<LogEntry | undefined>;
  /** Starts a run now, on the same path as a scheduled one; refused while that connector runs. */
  runNow(nqlId: string, actor?: Actor): Promise<RunNowOutcome>;
  check(nqlId: string): Promise<ConnectorCheckReport>;
  /**
   * What a run would do with one user (a UPN or email), step by step; writes nothing, logs a dry run.
   * Without `nqlId`, the only connector configured (a `config` error names them when there are several).
   */
  preview(request: { readonly user: string; readonly nqlId?: string }): Promise<UserPreview>;
  /** Change-ledger entries matching the filter, newest first (an empty page when no plugin keeps a ledger). */
  changes(filter: LedgerFilter): Promise<LedgerPage>;
  /** A run's changes by field and action; undefined when the ledger holds none for it. */
  runChanges(runId: string): Promise<RunChanges | undefined>;
  /** Held runs waiting for a decision, oldest first. */
  heldRuns(): Promise<HeldRunView[]>;
  /** Approves or rejects a held run (from any host of a cluster); the first decision wins. */
  decide(runId: string, verdict: 'approved' | 'rejected', actor: Actor): Promise<ActionOutcome>;
  /** Pauses or resumes a connector's schedule; resuming also lifts its quarantine. */
  pause(nqlId: string, actor: Actor): Promise<ActionOutcome>;
  resume(nqlId: string, actor: Actor): Promise<ActionOutcome>;
  /** Cancels a run in progress (on whichever host runs it). */
  cancel(runId: string, actor: Actor): Promise<ActionOutcome>;
  /** Runs in progress, with their rate and ETA. */
  liveRuns(): Promise<LiveRunView[]>;
  /** The run's log lines, in order (at most 1,000). */
  runLog(runId: string): Promise<{ time: string; level: string; message: string }[]>;
  /** Success rate, rows per day and age of the last success of every connector, over `days` (default 7). */
  overview(days?: number): Promise<Overview>;
  /** Who did what, newest first. */
  audit(page: {
    readonly offset: number;
    readonly limit: number;
  }): Promise<{ entries: AuditEntryView[]; total: number }>;
}
