/**
 * Hashes a string into two 32-bit lanes computed in one pass with different multipliers and seeds,
 * each finished with an avalanche mix. `lo` is 32 bits; `hi` keeps 20 bits plus a marker bit (2^20),
 * so it is never 0 (0 marks an empty slot): 52 bits of hash in all. Not cryptographic: it only needs
 * to spread real identifiers. Allocation-free: the lanes are written to `out`.
 */
export function hashLanes(key: string, out: Uint32Array): void {
  let a = 0x9e3779b9 ^ key.length;
  let b = 0x7f4a7c15;
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
    b ^= b >>> 15;
  }
  a = finish(a ^ Math.imul(b, 0x27d4eb2d));
  b = finish(b ^ Math.imul(a, 0x165667b1));
  out[0] = a;
  out[1] = (b >>> 12) + 0x10_0000;
}

const scratch = new Uint32Array(2);

/** The 52-bit hash (plus marker bit) as one exact integer below 2^53: `hi * 2^32 + lo`. */
export function hashKey(key: string): number {
  hashLanes(key, scratch);
  return scratch[1]! * 0x1_0000_0000 + scratch[0]!;
}

/** Murmur3's 32-bit finaliser: every input bit affects every output bit. */
function finish(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}
