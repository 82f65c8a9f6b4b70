/**
 * A 52-bit hash of a string as an exact integer-valued double (0 < h < 2^53). Two independent
 * 32-bit lanes (different multipliers and seeds), each finished with an avalanche mix, are
 * combined as `hi20 * 2^32 + lo32`. Not cryptographic: it only needs to spread real identifiers.
 */
export function hashKey(key: string): number {
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
  // 20 bits of lane b plus a marker bit 2^20, so the result is never 0 (0 marks an empty slot).
  const hi = (b >>> 12) + 0x10_0000;
  return hi * 0x1_0000_0000 + (a >>> 0);
}

/** Murmur3's 32-bit finaliser: every input bit affects every output bit. */
function finish(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}
