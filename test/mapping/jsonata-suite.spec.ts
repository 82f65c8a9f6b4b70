/**
 * Differential test over the official JSONata test suite: every case whose expression compiles to
 * a native accessor or a native tree must give exactly jsonata's result (or fail exactly when jsonata
 * fails, with jsonata's error code and message), and compileExpression must accept and reject exactly the expressions jsonata does, but for calls of
 * unknown functions, which it rejects before jsonata would fail on them (T1006).
 *
 * The suite is read from TRIBUTARY_JSONATA_TEST_SUITE (`.ci/run` sets it). Without it the test is
 * reported as skipped, with the reason, except under CI=true, where a missing suite fails.
 */
import { expect } from 'chai';
import jsonata from 'jsonata';
import { isDeepStrictEqual } from 'node:util';
import { compileExpression } from 'tributary-kit';
import type { CompiledExpression } from 'tributary-kit';
import { SUITE_ENV, loadSuite, locateSuite, type SuiteCase } from './jsonata-test-suite.js';
import { differenceBetween } from './same-jsonata-value.js';

type Outcome = { value: unknown } | { error: unknown };

async function outcomeOf(run: () => unknown): Promise<Outcome> {
  try {
    return { value: await run() };
  } catch (error) {
    return { error };
  }
}

function tryCompile(expr: string): CompiledExpression | { error: unknown } {
  try {
    return compileExpression(expr);
  } catch (error) {
    return { error };
  }
}

const isCompiled = (x: CompiledExpression | { error: unknown }): x is CompiledExpression => !('error' in x);

function jsonataCompiles(expr: string): boolean {
  try {
    jsonata(expr);
    return true;
  } catch {
    return false;
  }
}

/** A failure as code and message: jsonata's own error object, or the RowError a native evaluation throws. */
function failureOf(error: unknown): string {
  const { code, message, details } = error as {
    code?: unknown;
    message?: unknown;
    details?: { jsonataCode?: unknown };
  };
  return `${String(details?.jsonataCode ?? code)}: ${String(message)}`;
}

function sameJson(actual: unknown, expected: unknown): boolean {
  return actual !== undefined && isDeepStrictEqual(JSON.parse(JSON.stringify(actual)), expected);
}

const suite = locateSuite();
const TITLE = 'mapping: differential test over the JSONata test suite';

if ('missing' in suite) {
  describe(TITLE, () => {
    if (process.env['CI'] === 'true') {
      it(`needs the suite under CI=true (${SUITE_ENV})`, () => {
        throw new Error(`The JSONata test suite is required under CI=true: ${suite.missing}`);
      });
    } else {
      process.stderr.write(`JSONata test suite differential test skipped: ${suite.missing}\n`);
      it.skip(`skipped: ${suite.missing}`);
    }
  });
} else
  describe(TITLE, () => {
    const cases: SuiteCase[] = loadSuite(suite.dir);
    const attempts = cases.map((c) => ({ c, attempt: tryCompile(c.expr) }));
    const compiled = attempts.map(({ c, attempt }) => ({ c, compiled: isCompiled(attempt) ? attempt : undefined }));
    const native = compiled.filter((x) => x.compiled?.native === true);
    const trees = native.filter((x) => x.compiled?.tree !== undefined);

    it(`reads the whole suite (${cases.length} cases)`, () => {
      expect(cases.length).to.be.greaterThan(1500);
    });

    it('compiles exactly the expressions jsonata compiles, but for calls of unknown functions (T1006 in jsonata)', () => {
      const unknownFunction = (attempt: CompiledExpression | { error: unknown }): boolean =>
        !isCompiled(attempt) && (attempt.error as { code?: string }).code === 'MAPPING_UNKNOWN_FUNCTION';
      const disagreements = attempts
        .filter(({ c, attempt }) => isCompiled(attempt) !== jsonataCompiles(c.expr))
        .filter(({ c, attempt }) => !(unknownFunction(attempt) && c.code === 'T1006'))
        .map(({ c }) => c.id);
      expect(disagreements).to.deep.equal([]);
      const rejectedUnknown = attempts.filter(({ attempt }) => unknownFunction(attempt)).map(({ c }) => c.id);
      expect(rejectedUnknown, 'the suite cases that call an unknown function').to.have.length.of.at.least(3);
    });

    it(`gives jsonata's exact result or error on every native case (${native.length} cases, ${trees.length} of them trees)`, async () => {
      expect(native.length - trees.length, 'plain-path cases compiled native').to.be.at.least(45);
      expect(trees.length, 'cases compiled to native trees').to.be.at.least(110);
      const mismatches: string[] = [];
      for (const { c, compiled } of native) {
        const mine = await outcomeOf(() => compiled!.evaluate(c.data));
        const theirs = await outcomeOf(() => jsonata(c.expr).evaluate(c.data, c.bindings));
        if ('error' in mine || 'error' in theirs) {
          if (!('error' in mine && 'error' in theirs)) mismatches.push(`${c.id} (${c.expr}): only one side threw`);
          else if (failureOf(mine.error) !== failureOf(theirs.error))
            mismatches.push(`${c.id} (${c.expr}): ${failureOf(mine.error)} vs ${failureOf(theirs.error)}`);
          continue;
        }
        const difference = differenceBetween(mine.value, theirs.value);
        if (difference) mismatches.push(`${c.id} (${c.expr}): ${difference}`);
      }
      expect(mismatches).to.deep.equal([]);
    });

    it('agrees with the expected results and errors the suite records for native cases', () => {
      const mismatches: string[] = [];
      for (const { c, compiled } of native) {
        let value: unknown;
        try {
          value = compiled!.evaluate(c.data);
        } catch (error) {
          const code = (error as { details?: { jsonataCode?: string } }).details?.jsonataCode;
          if (c.code === undefined || code !== c.code) mismatches.push(`${c.id}: threw ${failureOf(error)}`);
          continue;
        }
        if (c.undefinedResult && value !== undefined) mismatches.push(`${c.id}: expected undefined`);
        if ('result' in c && !sameJson(value, c.result)) mismatches.push(`${c.id}: ${JSON.stringify(value)}`);
        if (c.code !== undefined) mismatches.push(`${c.id}: expected error ${c.code}`);
      }
      expect(mismatches).to.deep.equal([]);
    });

    // The `performance` group runs quadratic expressions for about a second each: far beyond the
    // per-row budget of the runaway guard, on purpose. Cases with their own time limits or with
    // bindings (which mappings cannot pass) are left out too.
    it('evaluates non-native cases through jsonata with the guard on, matching the suite', async () => {
      const eligible = compiled.filter(
        ({ c, compiled }) =>
          compiled?.native === false &&
          c.timelimit === undefined &&
          !c.id.startsWith('performance/') &&
          !c.unordered &&
          Object.keys(c.bindings).length === 0,
      );
      expect(eligible.length).to.be.greaterThan(800);
      const mismatches: string[] = [];
      for (const { c } of eligible) {
        // The guard stays on, with a budget no legitimate case reaches even on a loaded machine.
        const guarded = compileExpression(c.expr, { limits: { timeoutMs: 30_000 } });
        const outcome = await outcomeOf(() => guarded.evaluate(c.data));
        if ('error' in outcome) {
          const code = (outcome.error as { details?: { jsonataCode?: string } }).details?.jsonataCode;
          if (c.code === undefined || code !== c.code)
            mismatches.push(`${c.id}: threw ${code ?? String(outcome.error)}`);
        } else if (c.code !== undefined) {
          mismatches.push(`${c.id}: expected error ${c.code}`);
        } else if (c.undefinedResult ? outcome.value !== undefined : !sameJson(outcome.value, c.result)) {
          mismatches.push(`${c.id}: ${JSON.stringify(outcome.value)?.slice(0, 80)}`);
        }
      }
      expect(mismatches).to.deep.equal([]);
    });
  });
