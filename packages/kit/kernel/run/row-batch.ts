import type { ProblemLog, RowBatch } from '../../core/index.js';

/**
 * The rows of one source batch after identification: comparison keys and an admitted flag per row.
 * Reused across batches (no per-batch allocation once it has grown).
 */
export class MutableRowBatch implements RowBatch {
  keys: string[] = [];
  identifiers: string[] = [];
  flags = new Uint8Array(0);
  length = 0;
  /** Rows given a non-empty identifier since the last reset. */
  identified = 0;
  rejected = 0;

  constructor(private readonly problems: ProblemLog) {}

  reset(length: number): void {
    if (this.flags.length < length) this.flags = new Uint8Array(Math.max(length, this.flags.length * 2));
    this.flags.fill(0, 0, length);
    this.keys.length = length;
    this.identifiers.length = length;
    this.length = length;
    this.identified = 0;
    this.rejected = 0;
  }

  /** Sets row i's identifier; an empty one leaves the row out. */
  set(i: number, identifier: string): void {
    this.identifiers[i] = identifier;
    this.keys[i] = identifier.toLowerCase();
    const admitted = identifier === '' ? 0 : 1;
    this.flags[i] = admitted;
    this.identified += admitted;
  }

  key(i: number): string {
    return this.keys[i]!;
  }

  admitted(i: number): boolean {
    return this.flags[i] === 1;
  }

  reject(i: number, problem?: string): void {
    if (this.flags[i] !== 1) return;
    this.flags[i] = 0;
    this.rejected++;
    if (problem !== undefined) this.problems.add(problem);
  }
}
