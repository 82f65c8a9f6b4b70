/**
 * Salesforce record ids: a 3-character key prefix (`005` for User), then a case-sensitive body,
 * 15 characters in all, plus the 3-character case-insensitive checksum that makes the 18-character form.
 */
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const SUFFIX = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';

/** `value` in base 62, left-padded with zeros to `width` characters. */
export function base62(value: number, width: number): string {
  let out = '';
  let rest = Math.floor(value);
  while (rest > 0) {
    out = BASE62[rest % 62] + out;
    rest = Math.floor(rest / 62);
  }
  return out.padStart(width, '0');
}

/** The 18-character id for a 15-character id (Salesforce's uppercase-bitmap checksum). */
export function toId18(id15: string): string {
  let suffix = '';
  for (let chunk = 0; chunk < 3; chunk++) {
    let flags = 0;
    for (let bit = 0; bit < 5; bit++) {
      const c = id15.charCodeAt(chunk * 5 + bit);
      if (c >= 65 && c <= 90) flags |= 1 << bit;
    }
    suffix += SUFFIX[flags];
  }
  return id15 + suffix;
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
