/**
 * One secret, matched in a text whatever encoding it took on the wire: as it is, form-encoded (a
 * space as `+`), percent-encoded (any character as `%XX` of its UTF-8 bytes, either hex case, every
 * character or only some) and JSON-escaped (`\"`, `\\`, `\/`, `\n`, `\uXXXX`). Matching walks the text
 * character by character: no regular expression is ever built from secret text, so a secret of any
 * length or content is safe to register.
 */
export class SecretMatcher {
  /** The secret's Unicode code points (a surrogate pair is one). */
  readonly #points: Uint32Array;
  readonly length: number;

  constructor(secret: string) {
    const points: number[] = [];
    for (let i = 0; i < secret.length; i++) {
      const point = secret.codePointAt(i)!;
      points.push(point);
      if (point > 0xffff) i++;
    }
    this.#points = Uint32Array.from(points);
    this.length = secret.length;
  }

  /** Code units a match can start with: the first character itself, `+` for a space, `%` and `\`. */
  firstCodes(): number[] {
    const first = String.fromCodePoint(this.#points[0]!).charCodeAt(0);
    return [first, ...(first === SPACE ? [PLUS] : []), PERCENT, BACKSLASH];
  }

  /**
   * Where the secret ends when it starts at `at`, or -1. A secret cut short by the end of the text or by
   * `…` (a truncated excerpt of a remote answer) counts once `minTruncated` of its characters matched.
   */
  endAt(text: string, at: number, minTruncated: number): number {
    let p = at;
    const points = this.#points;
    for (let i = 0; i < points.length; i++) {
      const next = pointEnd(text, p, points[i]!);
      if (next < 0) {
        const cut = p >= text.length || text.charCodeAt(p) === ELLIPSIS;
        return cut && i >= minTruncated ? p : -1;
      }
      p = next;
    }
    return p;
  }
}

/** Where one character ends in the text, in any of its forms, or -1. */
function pointEnd(text: string, p: number, point: number): number {
  const code = text.charCodeAt(p);
  if (point <= 0xffff) {
    if (code === point) return p + 1;
  } else if (text.codePointAt(p) === point) {
    return p + 2;
  }
  if (code === PLUS && point === SPACE) return p + 1;
  if (code === PERCENT) return percentEnd(text, p, point);
  if (code === BACKSLASH) return jsonEscapeEnd(text, p, point);
  return -1;
}

const SPACE = 0x20;
const PLUS = 0x2b;
const PERCENT = 0x25;
const BACKSLASH = 0x5c;
const ELLIPSIS = 0x2026;
/** JSON's two-character escapes and the code point each stands for. */
const SHORT_ESCAPES: Readonly<Record<string, number>> = {
  '"': 0x22,
  '\\': 0x5c,
  '/': 0x2f,
  b: 0x08,
  f: 0x0c,
  n: 0x0a,
  r: 0x0d,
  t: 0x09,
};

function hexValue(text: string, p: number, digits: number): number {
  let value = 0;
  for (let k = 0; k < digits; k++) {
    const c = text.charCodeAt(p + k);
    const digit = c >= 48 && c <= 57 ? c - 48 : c >= 65 && c <= 70 ? c - 55 : c >= 97 && c <= 102 ? c - 87 : -1;
    if (digit < 0) return -1;
    value = value * 16 + digit;
  }
  return value;
}

/** `%XX` for every UTF-8 byte of one character. */
function percentEnd(text: string, p: number, point: number): number {
  const count = point < 0x80 ? 1 : point < 0x800 ? 2 : point < 0x10000 ? 3 : 4;
  for (let k = 0; k < count; k++) {
    if (text.charCodeAt(p) !== PERCENT || hexValue(text, p + 1, 2) !== utf8Byte(point, count, k)) return -1;
    p += 3;
  }
  return p;
}

/** Byte `k` of the `count`-byte UTF-8 encoding of `point`. */
function utf8Byte(point: number, count: number, k: number): number {
  if (count === 1) return point;
  const shift = 6 * (count - 1 - k);
  if (k === 0) return ((0xf00 >> count) & 0xff) | (point >> shift);
  return 0x80 | ((point >> shift) & 0x3f);
}

/** A JSON escape of one character: `\n`, `\"`, or `\uXXXX` for each of its UTF-16 code units. */
function jsonEscapeEnd(text: string, p: number, point: number): number {
  const short = SHORT_ESCAPES[text[p + 1] ?? ''];
  if (short !== undefined) return short === point ? p + 2 : -1;
  const units = point > 0xffff ? [0xd800 + ((point - 0x10000) >> 10), 0xdc00 + ((point - 0x10000) & 0x3ff)] : [point];
  for (const unit of units) {
    if (text.charCodeAt(p) !== BACKSLASH || text[p + 1] !== 'u' || hexValue(text, p + 2, 4) !== unit) return -1;
    p += 6;
  }
  return p;
}
