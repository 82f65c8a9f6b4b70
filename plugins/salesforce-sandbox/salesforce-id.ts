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
 * its own version, written from Salesforce's description, so that a mistake in the connector's does not
 * hide behind a shared one. Rendering calls it per row: plain loops, no allocation but the result.
 */
export function toId18(id15: string): string {
  let checksum = '';
  for (let start = 0; start < 15; start += 5) {
    let bits = 0;
    for (let i = 4; i >= 0; i--) {
      const code = id15.charCodeAt(start + i);
      bits = bits * 2 + (code >= 65 && code <= 90 ? 1 : 0);
    }
    checksum += CHECKSUM[bits];
  }
  return id15 + checksum;
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
