/**
 * Salesforce record ids: a 3-character key prefix (`005` for User), then a case-sensitive body,
 * 15 characters in all, plus the 3-character case-insensitive checksum that makes the 18-character form.
 */

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
/** The checksum's alphabet: one character per 5-bit value. */
const CHECKSUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';

/**
 * The 18-character form of a 15-character id: each 5-character chunk of the 15 gives one checksum
 * character, whose bit i is set when the chunk's character i is an upper-case letter. The sandbox keeps
 * its own version, written from Salesforce's description, so that a mistake in the connector's does not hide behind a shared one.
 */
export function toId18(id15: string): string {
  const chunks = [id15.slice(0, 5), id15.slice(5, 10), id15.slice(10, 15)];
  const checksum = chunks.map((chunk) => CHECKSUM[[...chunk].reduceRight((bits, ch) => bits * 2 + (/[A-Z]/.test(ch) ? 1 : 0), 0)]);
  return id15 + checksum.join('');
}

/** `value` (below 2^53) in base 62, left-padded with zeros to `width` characters; rendering calls it per row. */
export function base62(value: number, width: number): string {
  let out = '';
  let rest = Math.floor(value);
  while (rest > 0) {
    out = BASE62[rest % 62] + out;
    rest = Math.floor(rest / 62);
  }
  return out.padStart(width, '0');
}

/**
 * A deterministic 18-character id: key prefix (3), a 2-character org/seed tag, then `n` in base 62
 * (10 characters).
 */
export function salesforceId(keyPrefix: string, tag: string, n: number): string {
  return toId18(keyPrefix + tag + base62(n, 10));
}

/** A 2-character tag derived from a seed, shared by every id of one sandbox. */
export function seedTag(seed: number): string {
  return base62((seed >>> 0) % 3844, 2);
}
