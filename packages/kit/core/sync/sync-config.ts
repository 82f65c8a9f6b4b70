/** What a connector's users who leave the source get: see docs/sync-modes.md, "Leavers". */
export type LeaverAction = 'keep' | 'clear' | 'delete';

/** A connector's `sync:` entry: how its runs read, and what happens to users who leave the source. */
export interface SyncConfig {
  /** `full` reads the whole query every run (the default); `incremental` reads the changes since the last run. */
  readonly mode: 'full' | 'incremental';
  /** An incremental connector reads everything again once the last full read is this old, in seconds (`fullEvery: 7d`). */
  readonly fullEverySeconds: number;
  /**
   * Instead of an age: a full read is due once this cron schedule has fired since the last full read
   * (`fullEvery: { cron: "0 3 * * 0", timezone: Europe/Zurich }`).
   */
  readonly fullCron?: { readonly cron: string; readonly timezone?: string };
  /** A change read starts this many seconds before the cursor, for rows committed late. */
  readonly lookBackSeconds: number;
  /** A change read that cannot account for every row the source holds: fail the run, or read everything at once. */
  readonly onGap: 'fail' | 'full';
  readonly leavers: {
    readonly action: LeaverAction;
    /** The action applies once a user has been absent from this many full reads in a row. */
    readonly afterFullReads: number;
  };
}

/** The `sync:` a connector without one has: every run reads everything, leavers are kept. */
export const DEFAULT_SYNC: SyncConfig = Object.freeze({
  mode: 'full',
  fullEverySeconds: 7 * 86_400,
  lookBackSeconds: 300,
  onGap: 'full',
  leavers: Object.freeze({ action: 'keep', afterFullReads: 1 }),
});
