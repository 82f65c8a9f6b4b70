/**
 * Salesforce record ids: a 3-character key prefix (`005` for User), then a case-sensitive body,
 * 15 characters in all, plus the 3-character case-insensitive checksum that makes the 18-character form.
 */
import { toId18 } from '../src/salesforce-ids.js';

export { toId18 };

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

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
