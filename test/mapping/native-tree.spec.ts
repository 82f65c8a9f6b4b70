/**
 * Property tests of the native trees: random expressions of every supported shape, nested at random,
 * on random records (missing fields, null, numbers, booleans, strings to case and trim, arrays of every
 * depth, objects, and the values only custom connectors deliver: Infinity, NaN, dates, bigints) give
 * exactly what jsonata gives: the same value (sequence flags included), or the same error code and
 * message. And whole mappings built of them map rows exactly as the same mappings forced through
 * jsonata, in this thread and from a plan that crossed to the worker as plain data.
 */
import { expect } from 'chai';
import fc from 'fast-check';
import jsonata from 'jsonata';
import {
  compileMapping,
  compileMappingPlan,
  planIsNative,
  RowError,
  type MappingConfig,
  type SourceRecord,
} from 'tributary-kit';
import { compileExpression } from 'tributary-kit/internal/core/mapping/compile-expression.js';
import { inProcessRowMapper } from 'tributary-kit/internal/kernel/mapping/in-process-row-mapper.js';
import { customInput, input, nativeShape, plainPath } from './arbitraries.js';
import { differenceBetween } from './same-jsonata-value.js';

type Outcome = { value: unknown } | { failure: string };

/** A failure as jsonata's code and message: a jsonata error object, or the RowError a native tree throws. */
function failureOf(error: unknown): string {
  const { code, message, details } = error as {
    code?: unknown;
    message?: unknown;
    details?: { jsonataCode?: unknown };
  };
  return `${String(error instanceof RowError ? details?.jsonataCode : code)}: ${String(message)}`;
}

async function outcomeOf(run: () => unknown): Promise<Outcome> {
  try {
    return { value: await run() };
  } catch (error) {
    return { failure: failureOf(error) };
  }
}

/** Native against jsonata on one expression and one input; '' when they agree, otherwise how they differ. */
async function disagreement(source: string, data: unknown): Promise<string> {
  const compiled = compileExpression(source);
  if (!compiled.native || (compiled.tree === undefined && compiled.path === undefined))
    return `${source} is not native`;
  let mine: Outcome;
  try {
    const value = compiled.evaluate(data);
    if (value instanceof Promise) return `${source} returned a Promise`;
    mine = { value };
  } catch (error) {
    if (!(error instanceof RowError)) return `${source} threw ${String(error)}, not a RowError`;
    mine = { failure: failureOf(error) };
  }
  const theirs = await outcomeOf(() => jsonata(source).evaluate(data));
  if ('failure' in mine || 'failure' in theirs) {
    const [a, b] = [JSON.stringify(mine), JSON.stringify(theirs)];
    return a === b ? '' : `${source}: ${a} vs ${b}`;
  }
  const difference = differenceBetween(mine.value, theirs.value);
  return difference ? `${source}: ${difference}` : '';
}

const expectAgreement = async (source: string, data: unknown): Promise<void> => {
  expect(
    await disagreement(source, data),
    `on ${String(JSON.stringify(data, (_, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v)))}`,
  ).to.equal('');
};

describe('mapping: native trees agree with jsonata', () => {
  const record = {
    First: 'Ada',
    Last: 'Lovelace',
    Title: '',
    Zero: 0,
    Ratio: 0.1 + 0.2,
    Flag: false,
    Nothing: null,
    Empty: [],
    One: ['x'],
    Many: [0, '', false],
    Obj: {},
    Phone: [{ n: 1 }, { n: [2, 3] }],
    Spaces: '  a \t b\n',
    Inner: 'a  b',
    Edge: ' a',
    Big: 1e21,
  };

  const examples = [
    'First & " " & Last',
    'First & Missing & Last',
    'Ratio & "|" & Big & "|" & Flag & "|" & Nothing & "|" & Empty & "|" & One & "|" & Obj & "|" & Phone.n',
    '$lowercase(First) & $uppercase(Last)',
    '$trim(Spaces)',
    '$trim(Inner) & "|" & $trim(Edge) & "|" & $trim(First) & "|" & $trim(Title)',
    '$lowercase(Missing)',
    '$lowercase(Zero)',
    '$uppercase(One)',
    '$trim(Phone.n)',
    '$exists(Missing) & $exists(Nothing) & $exists(Empty)',
    'Title ? Title : "n/a"',
    'Missing ? Missing : "n/a"',
    'Zero ? "yes" : "no"',
    'Empty ? "yes" : "no"',
    'One ? "yes" : "no"',
    'Many ? "yes" : "no"',
    'Obj ? "yes" : "no"',
    'Nothing ? "yes"',
    'Title ?: "n/a"',
    'Nothing ?? "n/a"',
    'Missing ?? "n/a"',
    'First = "Ada" and Last != "Byron" ? "match"',
    'Missing = "x" or Missing != 1',
    'Flag or Zero or Title or "last"',
    '(First & (Missing ? " " & Missing)) & "!"',
  ];
  for (const source of examples) {
    it(`evaluates ${source} as jsonata does`, async () => {
      expect(compileExpression(source).native, source).to.equal(true);
      await expectAgreement(source, record);
    });
  }

  it('raises the errors jsonata raises, with its codes and messages', async () => {
    await expectAgreement('$lowercase(Zero)', record); // T0410
    await expectAgreement('Flag and $lowercase(Zero)', record); // T0410 naming the operator, as jsonata does
    await expectAgreement('"a" & n', { n: Infinity }); // D3001
    await expectAgreement('"a" & n', { n: [NaN, -Infinity] }); // D1001
    await expectAgreement('n ? 1 : 2', { n: [Infinity, true] }); // D1001
    await expectAgreement('"a" & n', { n: { big: 10n } }); // the TypeError of JSON.stringify
    // A chain casts left to right; a right-nested concatenation casts its inner operands first.
    await expectAgreement('a & " " & b', { a: Infinity, b: [Infinity] });
    await expectAgreement('a & (" " & b)', { a: Infinity, b: [Infinity] });
    await expectAgreement('a & " " & b', { a: Symbol('s'), b: 'x' });
    await expectAgreement('b & " " & a', { a: Symbol('s'), b: 'x' });
    expect(() => compileExpression('$uppercase(Zero)').evaluate(record)).to.throw(RowError);
  });

  it('agrees on random expressions of the native shapes and random records', async () => {
    await fc.assert(
      fc.asyncProperty(nativeShape, customInput, async (source, data) => {
        expect(await disagreement(source, data)).to.equal('');
      }),
      { numRuns: 3000 },
    );
  });

  it("is native only within jsonata's depth bound, which it never reaches then", async () => {
    await fc.assert(
      fc.asyncProperty(nativeShape, input, fc.integer({ min: 1, max: 12 }), async (source, data, maxDepth) => {
        if (!compileExpression(source, { limits: { maxDepth } }).native) return;
        const outcome = await outcomeOf(() => jsonata(source, { stack: maxDepth }).evaluate(data));
        expect('failure' in outcome ? outcome.failure : '').not.to.match(/^D1011/);
      }),
      { numRuns: 1000 },
    );
    // Concatenation evaluates every node, so the bound is exact: one level less and jsonata stops it.
    const source = '$lowercase(a & ("-" & b.c))';
    expect(compileExpression(source, { limits: { maxDepth: 6 } }).native).to.equal(true);
    expect(await jsonata(source, { stack: 6 }).evaluate({ a: 'x', b: { c: 'y' } })).to.equal('x-y');
    expect(compileExpression(source, { limits: { maxDepth: 5 } }).native).to.equal(false);
    const stopped = await outcomeOf(() => jsonata(source, { stack: 5 }).evaluate({ a: 'x', b: { c: 'y' } }));
    expect(stopped)
      .to.have.property('failure')
      .that.matches(/^D1011/);
  });

  it('agrees on top-level arrays, null and scalars as input', async () => {
    await fc.assert(
      fc.asyncProperty(nativeShape, fc.oneof(input, fc.constant(undefined)), async (source, data) => {
        expect(await disagreement(source, Array.isArray(data) || typeof data !== 'object' ? data : [data])).to.equal(
          '',
        );
      }),
      { numRuns: 1000 },
    );
  });
});

type MapperOutcome = { value: unknown } | { error: { code: string; message: string } };

async function mapperOutcome(run: () => unknown): Promise<MapperOutcome> {
  try {
    return { value: await run() };
  } catch (error) {
    if (!(error instanceof RowError)) throw error;
    return { error: { code: error.code, message: error.message } };
  }
}

const source = fc.oneof({ weight: 1, arbitrary: plainPath }, { weight: 3, arbitrary: nativeShape });
const mappingConfig: fc.Arbitrary<MappingConfig> = fc.record({
  identification: source,
  identifier: fc.constantFrom('upn' as const, 'email' as const),
  onMissingValue: fc.constantFrom('clear' as const, 'keep' as const),
  fields: fc
    .array(source, { minLength: 1, maxLength: 4 })
    .map((sources) => sources.map((s, i) => ({ source: s, target: `f${i}` }))),
});

describe('mapping: mappings of native trees and paths map rows as jsonata does', () => {
  it('same identifications, rows and row errors, in this thread and from a plan that crossed as plain data', async () => {
    await fc.assert(
      fc.asyncProperty(mappingConfig, customInput, async (config, data) => {
        const record = data as SourceRecord;
        const native = compileMapping(config);
        const fromPlan = inProcessRowMapper(JSON.parse(JSON.stringify(compileMappingPlan(config))));
        const viaJsonata = compileMapping(config, { forceJsonata: true });
        expect(native.allNative && fromPlan.allNative && planIsNative(compileMappingPlan(config))).to.equal(true);
        const identified = await mapperOutcome(() => viaJsonata.identify(record));
        expect(await mapperOutcome(() => native.identify(record))).to.deep.equal(identified);
        expect(await mapperOutcome(() => fromPlan.identify(record))).to.deep.equal(identified);
        const mapped = await mapperOutcome(() => viaJsonata.fields(record));
        expect(await mapperOutcome(() => native.fields(record))).to.deep.equal(mapped);
        expect(await mapperOutcome(() => fromPlan.fields(record))).to.deep.equal(mapped);
      }),
      { numRuns: 500 },
    );
  });
});
