import type { RunLease, RunResult } from '../../core/index.js';

export interface RunProgress {
  readonly nqlId: string;
  readonly receivedRows: number;
  readonly processedRows: number;
  /** Rows the source announced (`totalSize`), when known. */
  readonly expectedRows: number | undefined;
  readonly elapsedMs: number;
  /**
   * `committing` once reading is over and the sink is committing (a large SQLite commit takes a while):
   * sent once, right before the commit, with the final counts; `held` when the run waits for an
   * operator's decision before that commit. Absent while reading.
   */
  readonly phase?: 'committing' | 'held';
  /** The run's id, sent with `held` (an operator approves or rejects it by this id). */
  readonly runId?: string;
}

export interface RunOptions {
  /** Read and map, write nothing (the sink is not opened) and record nothing in the sink. */
  readonly dryRun?: boolean;
  /** Let the shrink guard accept this run (`run --allow-shrink`): it commits and becomes the new baseline. */
  readonly allowShrink?: boolean;
  /** Read everything even when the connector is incremental (`run --full`); the text says why. */
  readonly full?: string;
  readonly signal?: AbortSignal;
  /** In a cluster, the connector's lease this run holds: its id, host and tick; losing it cancels the run. */
  readonly lease?: RunLease;
  /** The schedule tick this run is for (`details.scheduled_for`), when serve started it. */
  readonly scheduledFor?: Date;
  readonly onProgress?: (progress: RunProgress) => void;
  readonly onEnd?: (result: RunResult) => void;
}
