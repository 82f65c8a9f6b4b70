import { performance } from 'node:perf_hooks';
import type { Worker } from 'node:worker_threads';
import { DEFAULT_LIMITS, FatalError, messageOf, type MappingPlan, type SourceRecord } from '../../core/index.js';
import {
  isWorkerOutOfMemory,
  MAPPING_OUT_OF_MEMORY,
  MappingOutOfMemoryError,
  outOfMemoryMessage,
} from './mapping-out-of-memory-error.js';
import type { MappingOp, Outcome } from './mapping-protocol.js';
import { startMappingWorker } from './start-mapping-worker.js';

export interface IsolationOptions {
  /** The run's mapping plan; the worker compiles its isolated expressions. */
  readonly plan: MappingPlan;
  /** jsonata's own budget per evaluation, checked inside the worker (loops, recursion). */
  readonly expressionTimeoutMs: number;
  /** The worker's heap, in MB (`limits.mappingMemoryMb`; default 512). */
  readonly memoryLimitMb?: number;
  readonly signal: AbortSignal;
}

const SUBJECT: Readonly<Record<MappingOp, string>> = { identify: 'Identification', fields: 'Fields', check: 'Mapping' };

/** A batch's job: every outcome, or the row at which the worker had to be killed, and why. */
type Attempt = { readonly done: Outcome[] } | { readonly stuckAt: number; readonly why: 'runaway' | 'memory' };

/** The time left to map one batch: `deadline` on performance.now()'s clock, from a budget of `budgetMs`. */
export interface BatchDeadline {
  readonly deadline: number;
  readonly budgetMs: number;
}

/**
 * Evaluates the expressions that are not native in a worker thread, one job per batch, where a
 * runaway can always be stopped: the thread is terminated when the run is cancelled, when the batch's
 * deadline passes (the run fails), and when one row has not finished after twice its budget (a
 * regular expression backtracking catastrophically cannot be interrupted in place). That row is
 * rejected as MAPPING_RUNAWAY and the others are evaluated again in a fresh worker. The worker's heap
 * is bounded (`memoryLimitMb`): a row that drives it out of memory is rejected the same way, as
 * MAPPING_OUT_OF_MEMORY; running out before any row of the batch started fails the run
 * ({@link MappingOutOfMemoryError}).
 */
export class IsolatedEvaluator {
  readonly #options: IsolationOptions;
  readonly #memoryLimitMb: number;
  readonly #progress = new SharedArrayBuffer(4);
  readonly #started = new Int32Array(this.#progress);
  #worker: Promise<Worker> | undefined;

  constructor(options: IsolationOptions) {
    this.#options = options;
    this.#memoryLimitMb = options.memoryLimitMb ?? DEFAULT_LIMITS.mappingMemoryMb;
  }

  /** One outcome per record, in order. `expressions`: how many expressions one row of `op` evaluates. */
  async evaluate(
    op: MappingOp,
    records: readonly SourceRecord[],
    expressions: number,
    batch: BatchDeadline,
  ): Promise<Outcome[]> {
    const outcomes: Outcome[] = new Array(records.length);
    const rowBudgetMs = 2 * this.#options.expressionTimeoutMs * Math.max(1, expressions);
    let pending = records.map((_, i) => i);
    while (pending.length > 0) {
      const attempt = await this.#attempt(
        op,
        pending.map((i) => records[i]!),
        rowBudgetMs,
        batch,
      );
      if ('done' in attempt) {
        attempt.done.forEach((outcome, k) => (outcomes[pending[k]!] = outcome));
        break;
      }
      const stuck = pending[attempt.stuckAt]!;
      outcomes[stuck] =
        attempt.why === 'memory'
          ? {
              ok: false,
              code: MAPPING_OUT_OF_MEMORY,
              message: `${SUBJECT[op]}: evaluation stopped: ${outOfMemoryMessage(this.#memoryLimitMb)}`,
            }
          : {
              ok: false,
              code: 'MAPPING_RUNAWAY',
              message: `${SUBJECT[op]}: evaluation stopped: it ran longer than ${rowBudgetMs} ms and had to be killed (a regular expression with catastrophic backtracking?)`,
            };
      pending = pending.filter((i) => i !== stuck);
    }
    return outcomes;
  }

  /** Stops the worker, if one was started. */
  async close(): Promise<void> {
    const worker = this.#worker;
    this.#worker = undefined;
    if (worker) await (await worker.catch(() => undefined))?.terminate();
  }

  #kill(): void {
    void this.close();
  }

  /** The running worker, started (and ready: it has compiled the plan's isolated expressions) on first use. */
  #ready(): Promise<Worker> {
    this.#worker ??= new Promise<Worker>((resolve, reject) => {
      const { plan, expressionTimeoutMs } = this.#options;
      const worker = startMappingWorker(
        { plan, limits: { timeoutMs: expressionTimeoutMs }, progress: this.#progress },
        this.#memoryLimitMb,
      );
      const failed = (error: unknown): void => reject(this.#failure(error));
      worker.once('error', failed);
      worker.once('message', () => {
        worker.off('error', failed);
        // A failure while idle: the next job starts a fresh worker.
        worker.on('error', () => void (this.#worker = undefined));
        worker.unref();
        resolve(worker);
      });
    });
    return this.#worker;
  }

  #attempt(
    op: MappingOp,
    records: readonly SourceRecord[],
    rowBudgetMs: number,
    batch: BatchDeadline,
  ): Promise<Attempt> {
    const { signal } = this.#options;
    return new Promise<Attempt>((resolve, reject) => {
      let worker: Worker | undefined;
      let base = 0;
      const timers: NodeJS.Timeout[] = [];
      const settle = (kill: boolean, done: () => void): void => {
        for (const t of timers) clearInterval(t);
        signal.removeEventListener('abort', onAbort);
        if (worker) {
          worker.off('message', onMessage).off('error', onError).off('exit', onExit);
          worker.unref();
        }
        if (kill) this.#kill();
        done();
      };
      const onAbort = (): void => settle(true, () => reject(signal.reason));
      const onMessage = (outcomes: Outcome[]): void => settle(false, () => resolve({ done: outcomes }));
      const onError = (error: unknown): void => {
        const started = Atomics.load(this.#started, 0) - base;
        if (isWorkerOutOfMemory(error) && started > 0)
          settle(true, () => resolve({ stuckAt: started - 1, why: 'memory' }));
        else settle(true, () => reject(this.#failure(error)));
      };
      const onExit = (code: number): void =>
        settle(true, () => reject(this.#failure(new Error(`it exited with code ${code}`))));
      const onDeadline = (): void =>
        settle(true, () =>
          reject(
            new FatalError(
              'MAPPING_BATCH_TIMEOUT',
              `Mapping one batch of rows took longer than ${batch.budgetMs} ms (limits.mappingBatchTimeoutMs): the run was stopped (a runaway expression?)`,
            ),
          ),
        );
      if (signal.aborted) return onAbort();
      signal.addEventListener('abort', onAbort, { once: true });
      timers.push(setTimeout(onDeadline, Math.max(0, batch.deadline - performance.now())));
      this.#ready().then(
        (ready) => {
          if (signal.aborted) return;
          worker = ready.on('message', onMessage).on('error', onError).on('exit', onExit);
          worker.ref();
          base = Atomics.load(this.#started, 0);
          let seen = base;
          let since = performance.now();
          timers.push(
            setInterval(
              () => {
                const now = performance.now();
                const current = Atomics.load(this.#started, 0);
                if (current !== seen) [seen, since] = [current, now];
                else if (now - since > rowBudgetMs)
                  settle(true, () => resolve({ stuckAt: Math.max(0, current - base - 1), why: 'runaway' }));
              },
              Math.max(5, rowBudgetMs / 10),
            ),
          );
          worker.postMessage({ op, records });
        },
        (error: unknown) => settle(true, () => reject(error)),
      );
    });
  }

  /** The run's error for a worker that failed, or ran out of memory, outside a row. */
  #failure(error: unknown): FatalError {
    if (error instanceof FatalError) return error;
    if (isWorkerOutOfMemory(error)) return new MappingOutOfMemoryError(this.#memoryLimitMb, { cause: error });
    return new FatalError('MAPPING_WORKER_FAILED', `The mapping worker failed: ${messageOf(error)}`, { cause: error });
  }
}
