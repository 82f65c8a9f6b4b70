import type { Actor } from './actor.js';

/** What a held run would commit, counted by the host before it held the run. */
export interface HoldCounts {
  readonly receivedRows: number;
  readonly processedRows: number;
  /** Users the commit would remove or clear as leavers. */
  readonly leavers: number;
  /** Stored values the commit would clear (a value before, none or "" after); undefined when the sink cannot tell. */
  readonly clearedValues?: number;
  /** Users with at least one stored value the commit would change or clear; undefined when the sink cannot tell. */
  readonly changedUsers?: number;
}

/** The answer an operator (or the timeout) gave a held run. */
export interface HoldDecision {
  readonly verdict: 'approved' | 'rejected';
  /** The actor's name (`timeout` when the deadline passed). */
  readonly by: string;
  readonly address?: string;
  readonly at: Date;
}

/** A run stopped before its commit because its changes exceed the `hold:` thresholds. */
export interface HeldRun {
  readonly runId: string;
  readonly nqlId: string;
  /** The process that holds the run open (`details.host`). */
  readonly host: string;
  readonly heldAt: Date;
  /** Rejected when no decision came by then. */
  readonly deadline: Date;
  /** One sentence per threshold exceeded. */
  readonly reasons: readonly string[];
  readonly counts: HoldCounts;
  /** Undefined while it waits. */
  readonly decision?: HoldDecision;
}

/** A connector whose schedule an operator paused: `serve` starts none of its scheduled runs. */
export interface ConnectorPause {
  readonly nqlId: string;
  readonly by: string;
  readonly at: Date;
}

/** The operator actions the audit trail records. */
export type AuditAction = 'run-now' | 'cancel' | 'approve' | 'reject' | 'pause' | 'resume';

/** One operator action: who did what to which connector or run. */
export interface AuditEntry {
  readonly time: Date;
  readonly actor: Actor;
  readonly action: AuditAction;
  /** The connector's NQL ID, or the run's id for `approve`, `reject` and `cancel`. */
  readonly target: string;
  /** What came of it, in a few words (`accepted`, `refused: already running`). */
  readonly outcome: string;
}

/** A run in progress, as its host last reported it (every few seconds). */
export interface LiveRun {
  readonly runId: string;
  readonly nqlId: string;
  readonly host: string;
  readonly startedAt: Date;
  readonly updatedAt: Date;
  /** `reading`, `committing`, `held`. */
  readonly phase: string;
  readonly receivedRows: number;
  readonly processedRows: number;
  /** What the source announced, when it did. */
  readonly expectedRows?: number;
  /** An operator asked to cancel it; its host aborts it at its next report. */
  readonly cancelRequested?: { readonly by: string; readonly at: Date };
}

/** One line of a run's own log (what its connector, sink and stages said while it ran). */
export interface RunLogLine {
  readonly time: Date;
  readonly level: 'debug' | 'info' | 'warn' | 'error';
  readonly message: string;
}

/**
 * What operators decide and what runs in progress report, shared by every process of a deployment:
 * held runs and their decisions, paused schedules, quarantines lifted by hand, the audit trail, live
 * progress and cancel requests, and each run's log lines. Default: the execution-log plugin's SQLite
 * database; the postgres plugin overrides it in a cluster. Every method is safe to call from several
 * processes at once; the kit's `describeControlStore` checks a store against this contract.
 */
export interface ControlStore {
  /** Records a held run (waiting, no decision). */
  hold(run: HeldRun): Promise<void>;
  /**
   * Decides a waiting held run. The first decision wins: `decided` when this call's did, `already` when
   * the run has one (returned), `unknown` when no held run has this id.
   */
  decide(
    runId: string,
    decision: HoldDecision,
  ): Promise<{ readonly outcome: 'decided' | 'already' | 'unknown'; readonly run?: HeldRun }>;
  heldRun(runId: string): Promise<HeldRun | undefined>;
  /** Held runs without a decision, oldest first. */
  heldRuns(): Promise<HeldRun[]>;
  /** Forgets a held run once its run ended (decided, cancelled or failed). */
  releaseHold(runId: string): Promise<void>;

  /** Pauses a connector's schedule; a second pause keeps the first one's actor and time. */
  pause(pause: ConnectorPause): Promise<void>;
  /** Lifts a pause; false when it was not paused. */
  unpause(nqlId: string): Promise<boolean>;
  pauses(): Promise<ConnectorPause[]>;

  /** An operator lifted the connector's quarantine at `at`: failures before it no longer count. */
  liftQuarantine(nqlId: string, at: Date): Promise<void>;
  /** When the connector's quarantine was last lifted by hand. */
  quarantineLiftedAt(nqlId: string): Promise<Date | undefined>;

  recordAudit(entry: AuditEntry): Promise<void>;
  /** Newest first. */
  audit(page: { readonly offset: number; readonly limit: number }): Promise<{ entries: AuditEntry[]; total: number }>;

  /** Creates or replaces the run's live report (a `cancelRequested` already stored is kept). */
  reportLive(run: Omit<LiveRun, 'cancelRequested'>): Promise<void>;
  /** Runs in progress, oldest first. */
  liveRuns(): Promise<LiveRun[]>;
  /** Forgets the run's live report (the run ended). */
  endLive(runId: string): Promise<void>;
  /** Asks the run's host to cancel it; false when no run with this id is live. */
  requestCancel(runId: string, by: string, at: Date): Promise<boolean>;

  /** Appends lines to the run's log (kept as long as the store keeps them: `pruneBefore`). */
  appendRunLog(runId: string, lines: readonly RunLogLine[]): Promise<void>;
  /** The run's lines in order, at most `limit` (the first ones). */
  runLog(runId: string, limit: number): Promise<RunLogLine[]>;

  /** Drops audit entries and run log lines older than `time`, and live reports not updated since. */
  pruneBefore(time: Date): Promise<void>;
}
