import { FatalError, type SinkCommitResult, type SinkRecord, type SinkRun } from '../../core/index.js';
import { jsonlLines } from './jsonl-lines.js';
import type { JsonlOutput } from './jsonl-output.js';

/**
 * One run's lines. Each `write` appends one chunk; it returns a promise only when the stream asks to
 * drain (backpressure), so that a fast source never piles lines up in memory.
 */
export class JsonlRun implements SinkRun {
  readonly #output: JsonlOutput;
  #rows = 0;
  #failure: FatalError | undefined;
  #finished = false;
  readonly #onError = (error: Error): void => {
    this.#failure ??= new FatalError('JSONL_WRITE_FAILED', `Could not write ${this.#output.label}: ${error.message}`, {
      cause: error,
    });
  };

  constructor(output: JsonlOutput) {
    this.#output = output;
    output.stream.on('error', this.#onError);
  }

  write(records: readonly SinkRecord[]): void | Promise<void> {
    this.#check();
    this.#rows += records.length;
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

  async commit(): Promise<SinkCommitResult> {
    this.#check();
    this.#finished = true;
    try {
      await this.#output.publish();
      if (this.#failure) throw this.#failure;
    } catch (error) {
      await this.#output.discard();
      this.#onError(error as Error);
      throw this.#failure;
    } finally {
      this.#output.stream.off('error', this.#onError);
    }
    return { importedRows: this.#rows };
  }

  async abort(_reason: string): Promise<void> {
    if (this.#finished) return;
    this.#finished = true;
    await this.#output.discard();
    this.#output.stream.off('error', this.#onError);
  }

  #check(): void {
    if (this.#failure) throw this.#failure;
    if (this.#finished) throw new FatalError('SINK_RUN_FINISHED', 'This sink run was already committed or aborted');
  }
}
