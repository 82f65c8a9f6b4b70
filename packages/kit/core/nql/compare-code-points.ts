/** Where a UTF-16 unit ranks in code point order: surrogates (D800-DFFF) encode code points above FFFF. */
const rank = (unit: number): number => (unit >= 0xe000 ? unit - 0x800 : unit >= 0xd800 ? unit + 0x2000 : unit);

/**
 * Orders text as SQLite's BINARY collation (and PostgreSQL's "C") does: by UTF-8 bytes, that is by code
 * point. JavaScript's `<` compares UTF-16 units instead, and so puts a character above U+FFFF before one
 * of U+E000-U+FFFF. Every store kept in memory orders text with this, to answer as SQLite does.
 */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return rank(x) - rank(y);
  }
  return a.length - b.length;
}
