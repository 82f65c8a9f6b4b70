import {
  EMPTY_COMMIT_PLAN,
  FatalError,
  isTributaryError,
  memberKey,
  type CommitPlan,
  type SinkCommitResult,
  type SinkRecord,
  type SinkRun,
  type SyncRead,
  type TributaryError,
} from 'tributary-kit';
import { copyPreviousLines } from './copy-previous-lines.js';
import { jsonlLines } from './jsonl-lines.js';
import type { JsonlOutput } from './jsonl-output.js';
import { previousLinesToKeep } from './previous-lines-to-keep.js';

/**
 * One run's lines. Each `write` appends one chunk; it returns a promise only when the stream asks to
 * drain (backpressure), so that a fast source never piles lines up in memory. A file target's commit
 * then appends the previous file's lines it keeps (a `changes` read, or a plan that retains users; see
 * {@link previousLinesToKeep}) before the rename; a stream receives the run's lines only.
 */
export class JsonlRun implements SinkRun {
  readonly #output: JsonlOutput;
  readonly #sync: SyncRead;
  /** The users written, on a `changes` read into a file only: their previous lines are replaced. */
  readonly #written = new Set<string>();
  readonly #tracksWritten: boolean;
  #rows = 0;
  #failure: TributaryError | undefined;
  #finished = false;
  readonly #onError = (error: Error): void => this.#fail(error);

  constructor(output: JsonlOutput, sync: SyncRead) {
    this.#output = output;
    this.#sync = sync;
    this.#tracksWritten = sync.mode === 'changes' && output.previous !== undefined;
    output.stream.on('error', this.#onError);
  }

  write(records: readonly SinkRecord[]): void | Promise<void> {
    this.#check();
    this.#rows += records.length;
    if (this.#tracksWritten) for (const record of records) this.#written.add(memberKey(record.identifier));
    if (this.#output.stream.write(jsonlLines(records))) return;
    return new Promise<void>((resolve, reject) => {
      const stream = this.#output.stream;
      const done = (): void => {
        stream.off('drain', done);
        stream.off('error', done);
        if (this.#failure) reject(this.#failure);
        else resolve();
      };
      stream.on('drain', done);
      stream.on('error', done);
    });
  }

  async commit(plan: CommitPlan = EMPTY_COMMIT_PLAN): Promise<SinkCommitResult> {
    this.#check();
    this.#finished = true;
    try {
      await this.#mergePrevious(plan);
      await this.#output.publish();
      if (this.#failure) throw this.#failure;
    } catch (error) {
      this.#fail(error); // first: discarding destroys the stream, whose pending writes then fail
      await this.#output.discard();
      throw this.#failure;
    } finally {
      this.#output.stream.off('error', this.#onError);
      this.#written.clear();
    }
    return { importedRows: this.#rows };
  }

  async abort(_reason: string): Promise<void> {
    if (this.#finished) return;
    this.#finished = true;
    this.#written.clear();
    await this.#output.discard();
    this.#output.stream.off('error', this.#onError);
  }

  /** Appends the previous file's lines the commit keeps; nothing for a stream. */
  async #mergePrevious(plan: CommitPlan): Promise<void> {
    const previous = this.#output.previous;
    if (previous === undefined) return;
    const keep = previousLinesToKeep(this.#sync, plan, this.#written);
    if (keep !== undefined) await copyPreviousLines(previous, this.#output.stream, keep);
  }

  /** Records the run's first failure: a Tributary error as it is, anything else as a failed write. */
  #fail(error: unknown): void {
    this.#failure ??= isTributaryError(error)
      ? error
      : new FatalError('JSONL_WRITE_FAILED', `Could not write ${this.#output.label}: ${(error as Error).message}`, {
          cause: error,
        });
  }

  #check(): void {
    if (this.#failure) throw this.#failure;
    if (this.#finished) throw new FatalError('SINK_RUN_FINISHED', 'This sink run was already committed or aborted');
  }
}
