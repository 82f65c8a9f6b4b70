import type { ChangeAction } from './change-action.js';

/** One row of the ledger (`platform.user_attribute_changes`). */
export interface LedgerEntry {
  /** ISO 8601 UTC: when the run committed. */
  readonly time: string;
  readonly runId: string;
  readonly nqlId: string;
  readonly kind: string;
  readonly identifier: string;
  readonly field: string;
  readonly oldValue: string | null;
  readonly newValue: string | null;
  readonly action: ChangeAction;
  /**
   * The change (`changed` or `cleared`) undoes the previous change of the same user's field by the
   * same connector (A → B, then B → A): a value that flips back and forth across runs. A user arriving
   * (`added`) or leaving (`left`) never flips.
   */
  readonly flip: boolean;
}

/** A change as the host records it: a {@link StoredChange} with its action. */
export interface LedgerChange {
  readonly kind: string;
  readonly identifier: string;
  readonly field: string;
  readonly oldValue: string | null;
  readonly newValue: string | null;
  readonly action: ChangeAction;
}

/** Which entries to list; every criterion given must hold. */
export interface LedgerFilter {
  /** The identifier, compared case-insensitively. */
  readonly user?: string;
  readonly runId?: string;
  readonly nqlId?: string;
  readonly field?: string;
  readonly action?: ChangeAction;
  /** Only the changes flagged as flips. */
  readonly flips?: boolean;
  /** Entries to skip and to return (newest first); defaults: 0 and 100. */
  readonly offset?: number;
  readonly limit?: number;
}

export interface LedgerPage {
  readonly entries: readonly LedgerEntry[];
  /** Entries matching the filter in all. */
  readonly total: number;
  readonly offset: number;
  readonly limit: number;
}

/** One field's changes in a run. */
export interface FieldChanges {
  readonly field: string;
  readonly added: number;
  readonly changed: number;
  readonly cleared: number;
  readonly left: number;
  readonly flips: number;
}

/** A run's diff in counts: by field and action. */
export interface RunChanges {
  readonly runId: string;
  readonly nqlId: string;
  readonly total: number;
  readonly fields: readonly FieldChanges[];
}

/**
 * One run's changes, staged while its sink commits. Nothing is visible until `commit`, which the host
 * calls only after the sink committed; `abort` forgets them and may be called twice. A committed or
 * aborted stage refuses every other call (FatalError `LEDGER_STAGE_FINISHED`).
 */
export interface LedgerStage {
  add(changes: readonly LedgerChange[]): void | Promise<void>;
  /**
   * Records the staged changes under the run, at `time`, each flagged when it flips, and remembers
   * the connector (see {@link ChangeLedger.knows}), also when there are none; returns their counts.
   */
  commit(time: Date): Promise<RunChanges>;
  abort(): Promise<void>;
}

/**
 * Where the host keeps the change ledger: per committed run, user and field, the old value, the new
 * value and the action. Default: the execution-log plugin's SQLite database; the postgres plugin
 * overrides it in a cluster. The kit's `describeChangeLedger` checks a ledger against this contract.
 */
export interface ChangeLedger {
  stage(run: { readonly runId: string; readonly nqlId: string }): Promise<LedgerStage>;
  /**
   * Whether a run of the connector was committed to the ledger before (remembered beyond the
   * retention): the host itemises the changes of every run but the first, an initial load.
   */
  knows(nqlId: string): Promise<boolean>;
  /** Entries matching the filter, newest first (the last recorded first). */
  entries(filter: LedgerFilter): Promise<LedgerPage>;
  /** A run's changes by field and action; undefined when the ledger holds none for it. */
  summary(runId: string): Promise<RunChanges | undefined>;
  /** Deletes the entries older than `before` (the retention); returns how many. */
  prune(before: Date): Promise<number>;
}
