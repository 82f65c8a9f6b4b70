/**
 * Stateless, seeded pseudo-random numbers: every value is a pure function of (seed, index, salt), so
 * any generated row can be rebuilt on demand without storing it.
 */

/** A well-mixed 32-bit unsigned hash of three integers (a murmur3-style finaliser). */
export function hash3(seed: number, index: number, salt: number): number {
  let h = Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(index + 0x7f4a7c15, 0xc2b2ae35);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b) ^ Math.imul(salt + 0x165667b1, 0x27d4eb2f);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** An element of `list` chosen by the hash. */
export function pick<T>(list: readonly T[], hash: number): T {
  return list[hash % list.length] as T;
}

/** True with probability `percent`/100 for this hash. */
export function chance(hash: number, percent: number): boolean {
  return hash % 10_000 < percent * 100;
}
