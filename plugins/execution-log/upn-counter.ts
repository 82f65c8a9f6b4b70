import { hashKey } from './hash-key.js';

const MAX_LOAD = 0.75;
const TWO_POW_32 = 0x1_0000_0000;

/**
 * Counts rows per identifier in bounded memory: an open-addressing hash table (linear probing) over
 * typed arrays, keyed by the 52-bit {@link hashKey} of the identifier instead of the string itself.
 * 12 bytes per slot, at most 75 % full: about 50 MB for 3,000,000 distinct identifiers, where a
 * `Map<string, number>` holds every string. Two identifiers with the same 52-bit hash share a count
 * (probability about n²/2⁵³ for n identifiers; see docs/execution-log.md).
 */
export class UpnCounter {
  #hashes: Float64Array;
  #counts: Uint32Array;
  #mask: number;
  #size = 0;

  constructor(initialCapacity = 1024) {
    const capacity = 2 ** Math.ceil(Math.log2(Math.max(16, initialCapacity)));
    this.#hashes = new Float64Array(capacity);
    this.#counts = new Uint32Array(capacity);
    this.#mask = capacity - 1;
  }

  /** Distinct identifiers counted. */
  get size(): number {
    return this.#size;
  }

  /** Bytes held by the table. */
  get byteLength(): number {
    return this.#hashes.byteLength + this.#counts.byteLength;
  }

  /** Adds one row for `key` and returns that key's new count. */
  increment(key: string): number {
    const hash = hashKey(key);
    let slot = this.#find(hash);
    if (this.#hashes[slot] === 0) {
      if ((this.#size + 1) > (this.#mask + 1) * MAX_LOAD) {
        this.#grow();
        slot = this.#find(hash);
      }
      this.#hashes[slot] = hash;
      this.#size++;
    }
    return ++this.#counts[slot]!;
  }

  /** The count of `key` (0 if never seen). */
  get(key: string): number {
    const slot = this.#find(hashKey(key));
    return this.#counts[slot]!;
  }

  clear(): void {
    this.#hashes.fill(0);
    this.#counts.fill(0);
    this.#size = 0;
  }

  /** The slot holding `hash`, or the empty slot where it belongs. */
  #find(hash: number): number {
    const hashes = this.#hashes;
    const mask = this.#mask;
    let slot = (hash % TWO_POW_32) & mask;
    for (;;) {
      const h = hashes[slot]!;
      if (h === hash || h === 0) return slot;
      slot = (slot + 1) & mask;
    }
  }

  #grow(): void {
    const oldHashes = this.#hashes;
    const oldCounts = this.#counts;
    const capacity = oldHashes.length * 2;
    this.#hashes = new Float64Array(capacity);
    this.#counts = new Uint32Array(capacity);
    this.#mask = capacity - 1;
    for (let i = 0; i < oldHashes.length; i++) {
      const h = oldHashes[i]!;
      if (h === 0) continue;
      const slot = this.#find(h);
      this.#hashes[slot] = h;
      this.#counts[slot] = oldCounts[i]!;
    }
  }
}
