import type { ExecutionListener, RunInfo, RunResult } from '../core/index.js';

/** An execution listener that records every run it sees, for assertions. */
export interface RecordingListener extends ExecutionListener {
  readonly started: RunInfo[];
  readonly runs: RunResult[];
  /** Rows seen per run id (after identification, before the sink). */
  readonly rows: Map<string, number>;
  /** The last finished run, or throws when there is none. */
  last(): RunResult;
}

export function recordingListener(id = 'recording-listener'): RecordingListener {
  const started: RunInfo[] = [];
  const runs: RunResult[] = [];
  const rows = new Map<string, number>();
  return {
    id,
    started,
    runs,
    rows,
    last() {
      const run = runs.at(-1);
      if (!run) throw new Error('No run has finished yet');
      return run;
    },
    start(run) {
      started.push(run);
      rows.set(run.runId, 0);
      return {
        onRows: (batch) => void rows.set(run.runId, (rows.get(run.runId) ?? 0) + batch.length),
        onRestart: () => void rows.set(run.runId, 0),
        onEnd: (result) => void runs.push(result),
      };
    },
  };
}
