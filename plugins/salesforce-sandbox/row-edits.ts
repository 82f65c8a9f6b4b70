/**
 * Edits laid over a generated table: the fields a test changed on some rows, each row with the
 * `SystemModstamp` and `LastModifiedDate` of its last edit. A generated row stays a pure function of its
 * index; an edited row reads its edited fields from here and every other field as generated.
 */
import { formatDateTime, type FieldReader, type FieldValue } from './sobject-table.js';

type EditedFields = Record<string, FieldValue>;

export class RowEdits {
  readonly #rows = new Map<number, EditedFields>();
  #version = 0;
  #sorted: Int32Array | undefined;

  /** Counts the edits made so far: what was prepared or rendered before a change of it is stale. */
  get version(): number {
    return this.#version;
  }

  /** Sets `values` (API names as the table spells them) on row `index`, modified at `modstampMs` (to the second). */
  apply(index: number, values: Readonly<EditedFields>, modstampMs: number): string {
    const modstamp = formatDateTime(modstampMs);
    const row = this.#rows.get(index) ?? Object.create(null);
    Object.assign(row, values, { SystemModstamp: modstamp, LastModifiedDate: modstamp });
    if (!this.#rows.has(index)) this.#sorted = undefined;
    this.#rows.set(index, row);
    this.#version += 1;
    return modstamp;
  }

  /** The reader of field `name` with the edits laid over `generated`. */
  overlay(name: string, generated: FieldReader): FieldReader {
    const rows = this.#rows;
    return (index) => {
      if (rows.size === 0) return generated(index);
      const row = rows.get(index);
      return row !== undefined && Object.hasOwn(row, name) ? (row[name] as FieldValue) : generated(index);
    };
  }

  /** The edited rows among `from` (inclusive) … `to` (exclusive), ascending. */
  indicesIn(from: number, to: number): Int32Array {
    this.#sorted ??= Int32Array.from(this.#rows.keys()).sort();
    const sorted = this.#sorted;
    return sorted.subarray(lowerBound(sorted, from), lowerBound(sorted, to));
  }
}

function lowerBound(sorted: Int32Array, value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as number) < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
