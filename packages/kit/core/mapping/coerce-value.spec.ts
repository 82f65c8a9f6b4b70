import { expect } from 'chai';
import fc from 'fast-check';
import { MAX_FIELD_LENGTH, RowError } from '../index.js';
import { coerceIdentifier, coerceValue, decimalString } from './coerce-value.js';

describe('mapping: value coercion', () => {
  const table: [string, unknown, unknown][] = [
    ['a string as is', 'Sales', 'Sales'],
    ['an empty string as is', '', ''],
    ['an ISO date string as is', '2024-05-01T10:00:00.000Z', '2024-05-01T10:00:00.000Z'],
    ['an integer as a number', 42, 42],
    ['a negative integer as a number', -7, -7],
    ['negative zero as 0', -0, 0],
    ['a non-integer as its decimal string', 1.5, '1.5'],
    ['a tiny non-integer without exponent', 1.5e-7, '0.00000015'],
    ['true as "true"', true, 'true'],
    ['false as "false"', false, 'false'],
    ['a Date as its ISO string', new Date(Date.UTC(2024, 4, 1)), '2024-05-01T00:00:00.000Z'],
    ['null as missing', null, undefined],
    ['undefined as missing', undefined, undefined],
  ];
  for (const [name, input, expected] of table) {
    it(`coerces ${name}`, () => {
      const coerced = coerceValue(input, 'Field "x"');
      expect(Object.is(coerced, expected), `got ${String(coerced)}`).to.equal(true);
    });
  }

  for (const [kind, value] of [
    ['an object', { a: 1 }],
    ['an array of 2 items', [1, 2]],
    ['an array of 0 items', []],
    ['a function', () => 1],
  ] as const) {
    it(`rejects ${kind} with MAPPING_NON_SCALAR naming the field`, () => {
      expect(() => coerceValue(value, 'Field "manager"'))
        .to.throw(RowError, `Field "manager": the expression returned ${kind}`)
        .with.property('code', 'MAPPING_NON_SCALAR');
    });
  }

  for (const [what, value] of [
    ['a NUL character (U+0000)', 'Sa\0les'],
    ['a lone UTF-16 surrogate', 'Sales \uD83D'],
    ['a lone UTF-16 surrogate', '\uDE00x'],
  ] as const) {
    it(`rejects text holding ${what} with MAPPING_INVALID_TEXT, whatever the sink`, () => {
      expect(() => coerceValue(value, 'Field "department"'))
        .to.throw(RowError, `Field "department": the value contains ${what}`)
        .with.property('code', 'MAPPING_INVALID_TEXT');
    });
  }

  it('keeps text whose surrogates are paired (an emoji) and other control characters', () => {
    expect(coerceValue('Sales 😀', 'Field "x"')).to.equal('Sales 😀');
    expect(coerceValue('a\tb\u0001', 'Field "x"')).to.equal('a\tb\u0001');
  });

  it('rejects a string over 1 Mi characters with MAPPING_VALUE_TOO_LONG (red team: a 200 MB field was stored)', () => {
    const limit = 'x'.repeat(MAX_FIELD_LENGTH);
    expect(coerceValue(limit, 'Field "bio"')).to.equal(limit);
    expect(() => coerceValue(`${limit}x`, 'Field "bio"'))
      .to.throw(
        RowError,
        'Field "bio": the value is 1,048,577 characters long; a mapped value may have at most 1,048,576',
      )
      .with.property('code', 'MAPPING_VALUE_TOO_LONG');
    expect(() => coerceIdentifier(`${limit}@acme.example`, 'Identification')).to.throw(
      RowError,
      /^Identification: the value is/,
    );
  });

  it('rejects numbers that are not finite', () => {
    expect(() => coerceValue(Number.NaN, 'Field "n"'))
      .to.throw(RowError)
      .with.property('code', 'MAPPING_INVALID_NUMBER');
    expect(() => coerceValue(Infinity, 'Field "n"')).to.throw(RowError, /Field "n"/);
  });

  it('writes every finite non-integer as plain decimal digits that read back as the same number', () => {
    fc.assert(
      fc.property(
        fc.double({ noNaN: true, noDefaultInfinity: true }).filter((n) => !Number.isInteger(n)),
        (n) => {
          const text = decimalString(n);
          expect(text).to.match(/^-?\d+\.\d+$/);
          expect(Number(text)).to.equal(n);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('turns identifications into trimmed strings, empty when missing', () => {
    expect(coerceIdentifier('  ada@example.com \n', 'Identification')).to.equal('ada@example.com');
    expect(coerceIdentifier(12345, 'Identification')).to.equal('12345');
    expect(coerceIdentifier(null, 'Identification')).to.equal('');
    expect(coerceIdentifier(undefined, 'Identification')).to.equal('');
    expect(() => coerceIdentifier(['a', 'b'], 'Identification')).to.throw(RowError, /^Identification: /);
  });
});
