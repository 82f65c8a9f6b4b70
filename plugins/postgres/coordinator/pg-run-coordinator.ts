import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import {
  CancelledError,
  type LeaseOutcome,
  type Logger,
  type RunCoordinator,
  type RunLease,
  type ScheduledTick,
} from 'tributary-kit';
import { expireLease, insertLease, leaseHolder, renewLease } from './lease-table.js';
import { reapLostRuns } from './reap-lost-runs.js';
import { TickQueue } from './tick-queue.js';

export interface PgRunCoordinatorOptions {
  readonly pool: () => Promise<pg.Pool>;
  readonly host: string;
  readonly leaseMs: number;
  readonly retentionDays: number | undefined;
  readonly logger: Logger;
  /** Runs whose entry this process wrote: their lease ended with the entry, which is no loss. */
  readonly written: Set<string>;
}

/**
 * The cluster's run coordinator: ticks on pg-boss, runs under a lease row renewed every third of the
 * lease. A worker that cannot renew (its lease expired, or the database was unreachable for a whole
 * lease) cancels its run; the lease of a worker that vanished expires and the next reap, on any host,
 * logs the run as a `failure` ("Worker lost"). Reaping runs every heartbeat while this host works,
 * and before a lease is refused: a lost run is logged within `leaseMs` + one heartbeat.
 */
export class PgRunCoordinator implements RunCoordinator {
  readonly host: string;
  readonly leaseMs: number;
  readonly lostAfterMs: number;
  readonly #options: PgRunCoordinatorOptions;
  readonly #heartbeatMs: number;
  #queue: Promise<TickQueue> | undefined;
  #reaper: ReturnType<typeof setInterval> | undefined;
  #closed = false;

  constructor(options: PgRunCoordinatorOptions) {
    this.#options = options;
    this.host = options.host;
    this.leaseMs = options.leaseMs;
    this.#heartbeatMs = Math.max(200, Math.floor(options.leaseMs / 3));
    this.lostAfterMs = this.leaseMs + this.#heartbeatMs;
  }

  async acquire(nqlId: string, scheduledFor?: Date): Promise<LeaseOutcome> {
    const pool = await this.#options.pool();
    const row = { runId: randomUUID(), nqlId, host: this.host, scheduledFor };
    let taken = await insertLease(pool, row, this.leaseMs);
    if (!taken && (await this.reap()) > 0) taken = await insertLease(pool, row, this.leaseMs);
    if (!taken) return { heldBy: await leaseHolder(pool, nqlId) };
    return { lease: this.#heartbeat(pool, row) };
  }

  async enqueue(tick: ScheduledTick): Promise<boolean> {
    return (await this.#tickQueue()).enqueue(tick);
  }

  async work(concurrency: number, handle: (tick: ScheduledTick) => Promise<void>): Promise<void> {
    const queue = await this.#tickQueue();
    if (this.#closed) return; // closed while the queue was starting
    queue.work(concurrency, handle);
    this.#reaper ??= setInterval(
      () =>
        void this.reap().catch((error: unknown) =>
          this.#options.logger.warn(`Reaping lost runs failed: ${(error as Error).message}`),
        ),
      this.#heartbeatMs,
    );
    this.#reaper.unref();
  }

  async stopWorking(): Promise<void> {
    clearInterval(this.#reaper);
    this.#reaper = undefined;
    await (await this.#startedQueue())?.stopWorking();
  }

  /** Logs the runs whose lease expired; returns how many. */
  async reap(): Promise<number> {
    const lost = await reapLostRuns(await this.#options.pool(), this.#options.retentionDays);
    for (const run of lost)
      this.#options.logger.warn(`${run.nqlId}: run ${run.runId} logged as failure: ${run.description}`);
    return lost.length;
  }

  async close(): Promise<void> {
    this.#closed = true;
    await this.stopWorking();
    const queue = await this.#startedQueue();
    this.#queue = undefined;
    await queue?.stop();
  }

  /** The job queue, started on first use; a start that failed (the database is down) is tried again next time. */
  #tickQueue(): Promise<TickQueue> {
    const starting = (this.#queue ??= this.#options.pool().then((pool) => TickQueue.start(pool, this.#options.logger)));
    starting.catch(() => {
      if (this.#queue === starting) this.#queue = undefined;
    });
    return starting;
  }

  /** The queue if it started (or is starting and will), else undefined. */
  #startedQueue(): Promise<TickQueue | undefined> {
    return this.#queue?.catch(() => undefined) ?? Promise.resolve(undefined);
  }

  /** Renews the lease every heartbeat; aborts the run's signal once it cannot. */
  #heartbeat(
    pool: pg.Pool,
    row: { runId: string; nqlId: string; host: string; scheduledFor: Date | undefined },
  ): RunLease {
    const controller = new AbortController();
    const { leaseMs } = this;
    let renewedAt = Date.now();
    let stopped = false;
    const lose = (why: string) => {
      if (controller.signal.aborted) return;
      this.#options.logger.error(`${row.nqlId}: run ${row.runId} lost its cluster lease (${why}): cancelling it`);
      controller.abort(new CancelledError(`Cluster lease lost: ${why}`));
    };
    let renewing = false;
    let lastError = '';
    const timer = setInterval(() => {
      if (stopped) return;
      // Judged on this host's clock, whether renewals fail or hang: no renewal for a whole lease means lost.
      if (Date.now() - renewedAt >= leaseMs) {
        return lose(
          `no renewal succeeded for ${Math.round(leaseMs / 1000)} s${lastError ? `: ${lastError}` : ' (the database did not answer)'}`,
        );
      }
      if (renewing) return;
      renewing = true;
      renewLease(pool, row.runId, leaseMs).then(
        (held) => {
          renewing = false;
          if (stopped) return;
          if (held) renewedAt = Date.now();
          else if (!this.#options.written.has(row.runId)) lose('it expired and another host logged the run as lost');
        },
        (error: unknown) => {
          renewing = false;
          lastError = (error as Error).message;
        },
      );
    }, this.#heartbeatMs);
    return {
      runId: row.runId,
      nqlId: row.nqlId,
      host: row.host,
      scheduledFor: row.scheduledFor,
      signal: controller.signal,
      release: async () => {
        if (stopped) return;
        stopped = true;
        clearInterval(timer);
        if (this.#options.written.delete(row.runId)) return;
        // Normally the log entry's commit removed the lease already; if not (the entry could not be
        // written, or the lease was lost), the run is logged as lost now rather than at the next reap.
        const expired = await expireLease(pool, row.runId, 'its entry could not be written').catch(() => false);
        if (expired || controller.signal.aborted) await this.reap().catch(() => 0);
      },
    };
  }
}
