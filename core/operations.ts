import type { LedgerFilter, LedgerPage, RunChanges } from './ledger/change-ledger.js';
import type { FieldValue } from './records.js';
import type { UserPreview } from './user-preview.js';

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
}

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
  runNow(nqlId: string): Promise<RunNowOutcome>;
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
}
