import { hashLanes } from './hash-key.js';

const MAX_LOAD = 0.75;
/** Words per slot: hash low lane, hash high lane (0 = empty), count. */
const SLOT = 3;

/**
 * Counts rows per identifier in bounded memory: an open-addressing hash table (linear probing) in one
 * `Uint32Array`, keyed by the 52-bit hash of the identifier ({@link hashLanes}) instead of the string.
 * 12 bytes per slot, in one cache line per probe, at most 75 % full: 48 MiB for 3,000,000 distinct
 * identifiers, where a `Map<string, number>` holds every string. Two identifiers with the same 52-bit
 * hash share a count (probability about n²/2⁵³ for n identifiers; see docs/execution-log.md).
 */
export class UpnCounter {
  #table: Uint32Array;
  #mask: number;
  #size = 0;
  readonly #lanes = new Uint32Array(2);

  constructor(initialCapacity = 1024) {
    const capacity = 2 ** Math.ceil(Math.log2(Math.max(16, initialCapacity)));
    this.#table = new Uint32Array(capacity * SLOT);
    this.#mask = capacity - 1;
  }

  /** Distinct identifiers counted. */
  get size(): number {
    return this.#size;
  }

  /** Bytes held by the table. */
  get byteLength(): number {
    return this.#table.byteLength;
  }

  /** Adds one row for `key` and returns that key's new count. */
  increment(key: string): number {
    hashLanes(key, this.#lanes);
    const lo = this.#lanes[0]!;
    const hi = this.#lanes[1]!;
    let at = this.#find(lo, hi);
    if (this.#table[at + 1] === 0) {
      if (this.#size + 1 > (this.#mask + 1) * MAX_LOAD) {
        this.#grow();
        at = this.#find(lo, hi);
      }
      this.#table[at] = lo;
      this.#table[at + 1] = hi;
      this.#size++;
    }
    return ++this.#table[at + 2]!;
  }

  /** The count of `key` (0 if never seen). */
  get(key: string): number {
    hashLanes(key, this.#lanes);
    return this.#table[this.#find(this.#lanes[0]!, this.#lanes[1]!) + 2]!;
  }

  clear(): void {
    this.#table.fill(0);
    this.#size = 0;
  }

  /** The index of the slot holding the hash, or of the empty slot where it belongs. */
  #find(lo: number, hi: number): number {
    const table = this.#table;
    const mask = this.#mask;
    let slot = lo & mask;
    for (;;) {
      const at = slot * SLOT;
      const h = table[at + 1]!;
      if (h === 0 || (h === hi && table[at] === lo)) return at;
      slot = (slot + 1) & mask;
    }
  }

  #grow(): void {
    const old = this.#table;
    this.#table = new Uint32Array(old.length * 2);
    this.#mask = (this.#mask + 1) * 2 - 1;
    for (let at = 0; at < old.length; at += SLOT) {
      if (old[at + 1] === 0) continue;
      const to = this.#find(old[at]!, old[at + 1]!);
      this.#table[to] = old[at]!;
      this.#table[to + 1] = old[at + 1]!;
      this.#table[to + 2] = old[at + 2]!;
    }
  }
}
