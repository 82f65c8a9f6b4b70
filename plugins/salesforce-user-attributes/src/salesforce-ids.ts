/**
 * Salesforce record Ids as numbers: a 15-character Id is a 3-character key prefix and a 12-character
 * base-62 body (`0-9A-Za-z`, in that order, which is also the order of their character codes, so Ids of
 * one object sort as their bodies do). Twelve base-62 digits exceed 2^53: the arithmetic is BigInt.
 */
const DIGITS = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const SUFFIX = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';
const BASE = 62n;

export const ID_BODY_LENGTH = 12;

export function base62ToBigInt(text: string): bigint {
  let value = 0n;
  for (const ch of text) {
    const digit = DIGITS.indexOf(ch);
    if (digit < 0) throw new RangeError(`not a base-62 digit: ${JSON.stringify(ch)}`);
    value = value * BASE + BigInt(digit);
  }
  return value;
}

/** `value` in base 62, left-padded with zeros to `width` characters. */
export function bigIntToBase62(value: bigint, width: number): string {
  let out = '';
  let rest = value;
  while (rest > 0n) {
    out = DIGITS[Number(rest % BASE)] + out;
    rest /= BASE;
  }
  return out.padStart(width, '0');
}

/** The 18-character form of a 15-character Id (Salesforce's checksum of the upper-case letters). */
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

/** True for a 15- or 18-character Id. */
export function isSalesforceId(value: unknown): value is string {
  return typeof value === 'string' && /^[0-9A-Za-z]{15}(?:[0-9A-Za-z]{3})?$/.test(value);
}
