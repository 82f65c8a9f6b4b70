import { expect } from 'chai';
import fc from 'fast-check';
import jsonata from 'jsonata';
import { input, plainPath } from '../../../../test/mapping/arbitraries.js';
import { differenceBetween } from '../../../../test/mapping/same-jsonata-value.js';
import { compileExpression } from './compile-expression.js';
import { createPathAccessor, evaluatePlainPath } from './native-path.js';

async function expectSameAsJsonata(path: string, data: unknown): Promise<void> {
  const compiled = compileExpression(path);
  expect(compiled.native, path).to.equal(true);
  const mine = compiled.evaluate(data);
  const theirs: unknown = await jsonata(path).evaluate(data);
  expect(differenceBetween(mine, theirs), `${path} on ${JSON.stringify(data)}`).to.equal('');
}

describe('mapping: native path accessor', () => {
  const record = {
    Email: 'ada@example.com',
    Manager: { Name: 'Grace', 'Full Name': 'Grace Hopper', Tags: ['x'] },
    'Cost Center': 4711,
    Phone: [{ number: [1, 2] }, { number: 3 }, { other: 1 }, null],
    Single: [{ number: [7, 8] }],
    Nested: [[{ v: 1 }, { v: [2] }], [[{ v: 3 }]]],
    Empty: [],
    Nothing: null,
    Fn: { _jsonata_lambda: true, Name: 'hidden' },
  };

  const examples: [string, unknown][] = [
    ['Email', 'ada@example.com'],
    ['Manager.Name', 'Grace'],
    ['`Cost Center`', 4711],
    ['Manager.`Full Name`', 'Grace Hopper'],
    ['Missing', undefined],
    ['Nothing', null],
    ['Nothing.Name', undefined],
    ['Email.length', undefined],
    ['Empty', []],
    ['Manager.Tags', ['x']],
    ['Phone.number', [1, 2, 3]],
    ['Single.number', [7, 8]],
    ['Nested.v', [1, 2, 3]],
    ['Fn.Name', undefined],
  ];
  for (const [path, expected] of examples) {
    it(`reads ${path} as jsonata does`, async () => {
      expect(compileExpression(path).evaluate(record)).to.deep.equal(expected);
      await expectSameAsJsonata(path, record);
    });
  }

  it('returns the input array itself where jsonata does, and a flagged sequence where jsonata builds one', () => {
    const read = createPathAccessor(['Empty']);
    expect(read(record)).to.equal(record.Empty);
    const flattened = createPathAccessor(['Phone', 'number'])(record) as unknown[] & { sequence?: boolean };
    expect(flattened.sequence).to.equal(true);
  });

  it('maps over a top-level array input like jsonata (wrapped once, not iterated as a path)', async () => {
    const rows = [{ Name: 'a' }, { Name: ['b', 'c'] }, [{ Name: 'd' }]];
    expect(createPathAccessor(['Name'])(rows)).to.deep.equal(['a', 'b', 'c', 'd']);
    await expectSameAsJsonata('Name', rows);
    await expectSameAsJsonata('Name', [{ Name: 'only' }]);
  });

  it('agrees with jsonata on random records and random plain paths', async () => {
    await fc.assert(fc.asyncProperty(plainPath, input, expectSameAsJsonata), { numRuns: 2000 });
  });

  it('the fast path and the full port of jsonata agree', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('a', 'b', 'Name'), { minLength: 1, maxLength: 4 }), input, (keys, data) => {
        expect(differenceBetween(createPathAccessor(keys)(data), evaluatePlainPath(keys, data))).to.equal('');
      }),
      { numRuns: 3000 },
    );
  });
});
