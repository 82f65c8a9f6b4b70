/**
 * fast-check generators for the native-path property tests: JSON records built from a small set of
 * awkward keys (spaces, reserved words, jsonata's function markers, `__proto__`), so that random
 * paths often hit, with nested objects, arrays of every depth (empty and singleton included) and
 * nulls; and plain paths over those keys, written with or without backticks.
 */
import fc from 'fast-check';

const COMMON_KEYS = ['a', 'b', 'Cost Center'] as const;
const RARE_KEYS = [
  'Name',
  'Full Name',
  'or',
  'true',
  'x.y',
  '$v',
  '1st',
  '_jsonata_lambda',
  '__proto__',
  'constructor',
  'length',
  '',
] as const;

/** Keys a path names: common ones most of the time, so that random paths often hit something. */
const pathKey = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom(...COMMON_KEYS) },
  { weight: 1, arbitrary: fc.constantFrom(...RARE_KEYS) },
);

/** Keys that occur in records (one cannot be named in a path: it contains a backtick). */
const recordKey = fc.oneof(
  { weight: 16, arbitrary: fc.constantFrom(...COMMON_KEYS) },
  { weight: 2, arbitrary: fc.constantFrom(...RARE_KEYS) },
  { weight: 1, arbitrary: fc.constantFrom('_jsonata_function', 'back`tick') },
);

const BARE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const RESERVED = new Set(['and', 'or', 'in', 'true', 'false', 'null']);

/** A key as written in a path; keys that are not valid bare names are always backticked. */
export function renderName(key: string, backtick: boolean): string {
  const mustQuote = !BARE_NAME.test(key) || RESERVED.has(key);
  return backtick || mustQuote ? `\`${key}\`` : key;
}

export const plainPath = fc
  .array(fc.tuple(pathKey, fc.boolean(), fc.constantFrom('.', ' . ', '.')), { minLength: 1, maxLength: 3 })
  .map((steps) => steps.map(([key, backtick, dot], i) => (i === 0 ? '' : dot) + renderName(key, backtick)).join(''));

const scalar = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer({ min: -5, max: 5 }),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom('', ' ', 'x', '2024-05-01T10:00:00Z', 'Ada B', ' \t Ä ö\n  ß \r'),
);

const objectOf = (value: fc.Arbitrary<unknown>, minLength: number): fc.Arbitrary<Record<string, unknown>> =>
  fc.array(fc.tuple(recordKey, value), { minLength, maxLength: 5 }).map((entries) => Object.fromEntries(entries));

export const jsonValue: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    { weight: 2, arbitrary: scalar },
    { weight: 2, arbitrary: tie('array') },
    { weight: 3, arbitrary: tie('object') },
  ),
  array: fc.oneof(fc.array(tie('value'), { maxLength: 3 }), fc.array(tie('object'), { minLength: 1, maxLength: 3 })),
  object: objectOf(tie('value'), 1),
})).value;

/** A record as a source delivers it (an object), or now and then any other JSON value. */
export const input = fc.oneof({ weight: 4, arbitrary: objectOf(jsonValue, 1) }, { weight: 1, arbitrary: jsonValue });

/** Values only a custom connector's records can hold (JSON has none of them). */
const unusual = fc.constantFrom<unknown>(Infinity, -Infinity, NaN, new Date(0), 10n);

/** A record with now and then a value JSON cannot carry, at the top or one level down. */
export const customInput = fc.oneof(
  { weight: 6, arbitrary: input },
  {
    weight: 1,
    arbitrary: fc
      .tuple(objectOf(jsonValue, 1), recordKey, unusual, fc.boolean())
      .map(([record, key, value, nested]) => ({ ...record, [key]: nested ? [value] : value })),
  },
);

const literal = fc.constantFrom('""', '" "', '"x"', "'A b'", '0', '1', '-1.5', '2.5e-7', 'true', 'false', 'null');
const stringFunction = fc.constantFrom('$lowercase', '$uppercase', '$trim', '$exists');

/**
 * Expressions of the shapes that compile to native trees, over the keys of the records above: paths
 * and literals combined by `&`, built-in calls, conditionals (all four forms), `and`, `or`, and `=` /
 * `!=` against a literal, nested at random (in parentheses, so that every generated tree is read as
 * generated).
 */
export const nativeShape: fc.Arbitrary<string> = fc.letrec<{ expr: string }>((tie) => ({
  expr: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    { weight: 3, arbitrary: plainPath },
    { weight: 2, arbitrary: literal },
    { weight: 2, arbitrary: fc.tuple(tie('expr'), tie('expr')).map(([l, r]) => `(${l} & ${r})`) },
    {
      weight: 1,
      arbitrary: fc
        .array(fc.oneof(plainPath, literal), { minLength: 2, maxLength: 5 })
        .map((operands) => `(${operands.join(' & ')})`),
    },
    {
      weight: 1,
      arbitrary: fc
        .tuple(tie('expr'), tie('expr'), fc.constantFrom('?:', '? :', '? f(c) :', '? f(c)'), stringFunction)
        .map(([c, e, form, f]) =>
          form === '?:'
            ? `(${c} ?: ${e})`
            : form === '? :'
              ? `(${c} ? ${c} : ${e})`
              : form === '? f(c) :'
                ? `(${c} ? ${f}(${c}) : ${e})`
                : `(${c} ? ${f}(${c}))`,
        ),
    },
    { weight: 2, arbitrary: fc.tuple(stringFunction, tie('expr')).map(([f, a]) => `${f}(${a})`) },
    {
      weight: 2,
      arbitrary: fc
        .tuple(tie('expr'), tie('expr'), tie('expr'), fc.constantFrom('? :', '?', '?:', '??'))
        .map(([c, t, e, form]) =>
          form === '? :' ? `(${c} ? ${t} : ${e})` : form === '?' ? `(${c} ? ${t})` : `(${c} ${form} ${e})`,
        ),
    },
    {
      weight: 1,
      arbitrary: fc
        .tuple(tie('expr'), tie('expr'), fc.constantFrom('and', 'or'))
        .map(([l, r, op]) => `(${l} ${op} ${r})`),
    },
    {
      weight: 1,
      arbitrary: fc
        .tuple(tie('expr'), literal, fc.constantFrom('=', '!='), fc.boolean())
        .map(([e, lit, op, left]) => (left ? `(${lit} ${op} ${e})` : `(${e} ${op} ${lit})`)),
    },
  ),
})).expr;
