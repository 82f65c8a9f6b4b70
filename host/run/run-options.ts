import type { RunResult } from '../../core/index.js';

export interface RunProgress {
  readonly nqlId: string;
  readonly receivedRows: number;
  readonly processedRows: number;
  /** Rows the source announced (`totalSize`), when known. */
  readonly expectedRows: number | undefined;
  readonly elapsedMs: number;
}

export interface RunOptions {
  /** Read and map, write nothing (the sink is not opened) and record nothing in the sink. */
  readonly dryRun?: boolean;
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: RunProgress) => void;
  readonly onEnd?: (result: RunResult) => void;
}
