/**
 * Whole-mapper property: on random records and random plain-path mappings, the native mapper and the
 * same mapping forced through jsonata produce the same identifications, the same rows and the same
 * row errors, under both `onMissingValue` settings.
 */
import { expect } from 'chai';
import fc from 'fast-check';
import { compileMapping, RowError, type MappingConfig, type SourceRecord } from 'tributary-kit';
import { input, plainPath } from './arbitraries.js';

type Outcome = { value: unknown } | { error: { code: string; message: string } };

async function outcomeOf(run: () => unknown): Promise<Outcome> {
  try {
    return { value: await run() };
  } catch (error) {
    if (!(error instanceof RowError)) throw error;
    return { error: { code: error.code, message: error.message } };
  }
}

const mappingConfig: fc.Arbitrary<MappingConfig> = fc.record({
  identification: plainPath,
  identifier: fc.constantFrom('upn' as const, 'email' as const),
  onMissingValue: fc.constantFrom('clear' as const, 'keep' as const),
  fields: fc
    .array(plainPath, { minLength: 1, maxLength: 4 })
    .map((sources) => sources.map((source, i) => ({ source, target: `f${i}` }))),
});

describe('mapping: native mapper and jsonata mapper agree', () => {
  it('on random records and mappings: same identifications, rows and row errors', async () => {
    await fc.assert(
      fc.asyncProperty(mappingConfig, input, async (config, data) => {
        const record = data as SourceRecord;
        const native = compileMapping(config);
        const viaJsonata = compileMapping(config, { forceJsonata: true });
        expect(native.allNative).to.equal(true);
        expect(await outcomeOf(() => native.identify(record))).to.deep.equal(
          await outcomeOf(() => viaJsonata.identify(record)),
        );
        expect(await outcomeOf(() => native.fields(record))).to.deep.equal(
          await outcomeOf(() => viaJsonata.fields(record)),
        );
      }),
      { numRuns: 400 },
    );
  });
});
