import { createToken } from './token.js';

/** One run's hold on its connector across the cluster: at most one lease per connector at a time. */
export interface RunLease {
  /** The run's id (`details.run_id`): the sink and the log commit only while this id holds the lease. */
  readonly runId: string;
  readonly nqlId: string;
  /** The process holding it (`details.host`). */
  readonly host: string;
  /** The nominal schedule tick it runs for (`details.scheduled_for`); absent for a run started by hand. */
  readonly scheduledFor?: Date;
  /** Aborted, with a `CancelledError`, when the lease cannot be renewed: the run must stop. */
  readonly signal: AbortSignal;
  /** Stops renewing. A run that did not log its entry leaves the lease to expire, and the cluster logs it. */
  release(): Promise<void>;
}

/** Who holds a connector's lease (for "skipped" messages). */
export interface LeaseHolder {
  readonly host: string;
  readonly runId: string;
  readonly since: Date;
}

/** A due schedule tick of one connector, as the job queue carries it. */
export interface ScheduledTick {
  readonly nqlId: string;
  /** The nominal time the schedule fired (jitter included): with the NQL ID, the tick's unique key. */
  readonly scheduledFor: Date;
}

/** What `acquire` gives: the lease, or who holds it. */
export type LeaseOutcome =
  | { readonly lease: RunLease; readonly heldBy?: undefined }
  | { readonly lease?: undefined; readonly heldBy: LeaseHolder | undefined };

/**
 * Runs across several machines, contributed by a cluster plugin (e.g. `postgres`): the schedule's ticks
 * go through a shared job queue, each exactly once; runs hold a lease renewed by heartbeat; the runs
 * of a worker that died are logged as failures. One machine needs none of it: the host then uses its
 * run lock files.
 */
export interface RunCoordinator {
  /** This process's name in the cluster (`details.host`). */
  readonly host: string;
  /** How long a lease lives without renewal; a lost worker's run is logged within `lostAfterMs`. */
  readonly leaseMs: number;
  readonly lostAfterMs: number;
  /** Leases `nqlId` for one run; when another run holds it, says who. */
  acquire(nqlId: string, scheduledFor?: Date): Promise<LeaseOutcome>;
  /** Puts a due tick on the shared queue; false when some host already did (a tick exists once). */
  enqueue(tick: ScheduledTick): Promise<boolean>;
  /** Takes ticks off the queue, at most `concurrency` at once, handing each to `handle`; until `stopWorking`. */
  work(concurrency: number, handle: (tick: ScheduledTick) => Promise<void>): Promise<void>;
  /** Takes no more ticks; resolves once the handlers in progress returned. */
  stopWorking(): Promise<void>;
  close(): Promise<void>;
}

/** @deprecated Plugin API 1 token; API 2 plugins use `RunCoordinatorService`. */
export const RunCoordinatorToken = createToken<RunCoordinator>('core.run-coordinator');
