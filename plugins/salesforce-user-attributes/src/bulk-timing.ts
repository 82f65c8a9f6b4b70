/** Polling, result sets and batches of a Bulk read; tests shorten the waits. */
export interface BulkTiming {
  /** First wait between two polls of the job; each next one is 1.5 times longer, up to `pollMaxMs`. */
  readonly pollInitialMs: number;
  readonly pollMaxMs: number;
  /** The job must be complete within this time, or the read fails (and the job is aborted and deleted). */
  readonly timeoutMs: number;
  /** Rows per result set (`maxRecords`). */
  readonly maxRecords: number;
}

export const DEFAULT_BULK_TIMING: BulkTiming = {
  pollInitialMs: 1_000,
  pollMaxMs: 10_000,
  timeoutMs: 30 * 60_000,
  maxRecords: 50_000,
};
