import type { ProblemLog } from './problem-log.js';
import type { SinkRecord } from './records.js';
import type { RunInfo, RunResult, RunStatus } from './run.js';
import { createToken } from './token.js';

/**
 * The rows of one batch after identification, before field mapping and the sink. Listeners see
 * every row in order and may veto rows (they are then neither mapped nor written).
 */
export interface RowBatch {
  readonly length: number;
  /** Row i's identifier, trimmed and lower-cased (the comparison key); never empty. */
  key(i: number): string;
  admitted(i: number): boolean;
  /**
   * Veto row i. `problem` groups the ignored rows in the description (`problem (×N)`); without it the
   * listener describes what it ignored itself, in `onFinish`.
   */
  reject(i: number, problem?: string): void;
}

/** What a listener may do to the run it observes. */
export interface RunControl {
  /** Fetch no further pages (the row limit was reached); the rows already vetoed stay vetoed. */
  stopReading(): void;
}

/** The result of a run while listeners may still change it. */
export interface RunDraft {
  status: RunStatus;
  readonly problems: ProblemLog;
  receivedRows: number;
  processedRows: number;
  importedRows: number;
  apiCalls: number;
  /** The source said it holds more rows than `receivedRows` without a total (`context.moreAvailable()`). */
  readonly moreAvailable?: boolean;
  /** Rows rejected by a mapping error (identification or field), not by an empty identifier or a limit. */
  rejectedByMapping: number;
  /**
   * Per mapped target, how many processed rows have a value (neither missing nor ""), counted by the
   * run: what a commit would leave (the shrink guard compares it with the last committed run).
   */
  readonly fieldValues: Readonly<Record<string, number>>;
  /** The error that made the run fail, when it failed. */
  readonly error?: unknown;
}

/** Observes one run. Per-run state lives here, so concurrent runs never share it. */
export interface RunObserver {
  /** Synchronous on purpose: it runs for every batch on the hot path. */
  onRows?(batch: RowBatch): void;
  /** The rows of one batch as they go to the sink, mapped. Synchronous: it runs on the hot path. */
  onMapped?(records: readonly SinkRecord[]): void;
  /** The source restarted from the beginning: forget what was counted. */
  onRestart?(): void;
  /**
   * Reading is over and the sink is about to commit (also in a dry run, which commits nothing):
   * throw (a FatalError naming the reason) to refuse the commit. The run then fails and the sink is
   * aborted. Guards against silent data loss live here.
   */
  beforeCommit?(draft: RunDraft): void | Promise<void>;
  /** May change the status and add problems before the result is final. */
  onFinish?(draft: RunDraft): void;
  /** The final result (the execution log records it here). */
  onEnd?(result: RunResult): void | Promise<void>;
}

/** An execution listener: called at the start of every run, returns that run's observer. */
export interface ExecutionListener {
  readonly id: string;
  /**
   * True for the listener that enforces `limits.maxRowsPerSync` and `limits.maxRowsPerUpn` (the
   * execution-log plugin's). The host refuses to run a connector when no listener says so
   * (`RUN_NO_LIMITS`): the limits cannot be switched off by leaving a plugin out.
   */
  readonly enforcesLimits?: boolean;
  start(run: RunInfo, control: RunControl): RunObserver | Promise<RunObserver>;
}

/** @deprecated Plugin API 1 token; API 2 plugins use `env.contribute(ExecutionListeners, …)`. */
export const ExecutionListenerToken = createToken<ExecutionListener>('core.execution-listener');
