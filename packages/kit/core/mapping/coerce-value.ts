import { RowError } from '../errors/error-classes.js';
import { MAX_FIELD_LENGTH, type FieldValue } from '../records.js';
import { isStorableText } from '../storable-text.js';

/**
 * The coercion of one mapped value. Strings (ISO dates included) pass unchanged, integers stay
 * numbers, other numbers become their decimal string, booleans "true"/"false", Date objects their
 * ISO string; `null` and `undefined` give `undefined` (the caller applies `onMissingValue`).
 * Objects, arrays, functions, strings over {@link MAX_FIELD_LENGTH} characters and strings holding a NUL or
 * a lone surrogate reject the row with a RowError naming `subject`.
 */
export function coerceValue(value: unknown, subject: string): FieldValue | undefined {
  switch (typeof value) {
    case 'string':
      if (value.length > MAX_FIELD_LENGTH) throw tooLong(value, subject);
      if (!isStorableText(value)) throw invalidText(value, subject);
      return value;
    case 'number':
      if (!Number.isFinite(value))
        throw new RowError(
          'MAPPING_INVALID_NUMBER',
          `${subject}: the expression returned ${value}, which is not a finite number`,
        );
      if (Number.isInteger(value)) return value === 0 ? 0 : value;
      return decimalString(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'undefined':
      return undefined;
    default:
      if (value === null) return undefined;
      if (value instanceof Date && !Number.isNaN(value.getTime())) return value.toISOString();
      throw new RowError(
        'MAPPING_NON_SCALAR',
        `${subject}: the expression returned ${kindOf(value)}; a mapped value must be a string, a number, a boolean or a date`,
      );
  }
}

/**
 * Text that no sink stores the same way: PostgreSQL refuses a NUL in text, and a lone UTF-16 surrogate
 * has no UTF-8 form (SQLite and files would keep a replacement character or raw bytes). The rule is the
 * same for every sink: the row is rejected here, with its reason, before any sink sees it.
 */
function invalidText(value: string, subject: string): RowError {
  const what = value.includes('\0') ? 'a NUL character (U+0000)' : 'a lone UTF-16 surrogate (half of a character)';
  return new RowError(
    'MAPPING_INVALID_TEXT',
    `${subject}: the value contains ${what}, which no sink can store; the row is rejected`,
  );
}

function tooLong(value: string, subject: string): RowError {
  const length = value.length.toLocaleString('en-US');
  return new RowError(
    'MAPPING_VALUE_TOO_LONG',
    `${subject}: the value is ${length} characters long; a mapped value may have at most ${MAX_FIELD_LENGTH.toLocaleString('en-US')}`,
  );
}

function kindOf(value: unknown): string {
  if (Array.isArray(value)) return `an array of ${value.length} item${value.length === 1 ? '' : 's'}`;
  if (
    typeof value === 'function' ||
    (typeof value === 'object' && value !== null && ('_jsonata_lambda' in value || '_jsonata_function' in value))
  )
    return 'a function';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/** A finite non-integer as plain decimal digits, never in exponent form (1.5e-7 → "0.00000015"). */
export function decimalString(value: number): string {
  const text = String(value);
  const e = text.indexOf('e');
  if (e === -1) return text;
  const exponent = Number(text.slice(e + 1));
  const negative = text.startsWith('-');
  const mantissa = text.slice(negative ? 1 : 0, e);
  const point = mantissa.indexOf('.');
  const digits = point === -1 ? mantissa : mantissa.slice(0, point) + mantissa.slice(point + 1);
  const integerDigits = (point === -1 ? mantissa.length : point) + exponent;
  const body =
    integerDigits <= 0
      ? `0.${'0'.repeat(-integerDigits)}${digits}`
      : integerDigits >= digits.length
        ? digits + '0'.repeat(integerDigits - digits.length)
        : `${digits.slice(0, integerDigits)}.${digits.slice(integerDigits)}`;
  return negative ? `-${body}` : body;
}

/** The identification as the pipeline wants it: a trimmed string, '' when missing. */
export function coerceIdentifier(value: unknown, subject: string): string {
  const coerced = coerceValue(value, subject);
  return coerced === undefined ? '' : String(coerced).trim();
}
