/**
 * Differential test over the official JSONata test suite: every case whose expression compiles to
 * a native accessor must give exactly jsonata's result (or fail exactly when jsonata fails), and
 * compileExpression must accept and reject exactly the expressions jsonata does.
 */
import { expect } from 'chai';
import jsonata from 'jsonata';
import { isDeepStrictEqual } from 'node:util';
import { compileExpression } from '../../core/index.js';
import type { CompiledExpression } from '../../core/index.js';
import { loadSuite, type SuiteCase } from './jsonata-test-suite.js';
import { differenceBetween } from './same-jsonata-value.js';

type Outcome = { value: unknown } | { error: unknown };

async function outcomeOf(run: () => unknown): Promise<Outcome> {
  try {
    return { value: await run() };
  } catch (error) {
    return { error };
  }
}

function tryCompile(expr: string): CompiledExpression | undefined {
  try {
    return compileExpression(expr);
  } catch {
    return undefined;
  }
}

function jsonataCompiles(expr: string): boolean {
  try {
    jsonata(expr);
    return true;
  } catch {
    return false;
  }
}

function sameJson(actual: unknown, expected: unknown): boolean {
  return actual !== undefined && isDeepStrictEqual(JSON.parse(JSON.stringify(actual)), expected);
}

describe('mapping: differential test over the JSONata test suite', () => {
  const cases: SuiteCase[] = loadSuite();
  const compiled = cases.map((c) => ({ c, compiled: tryCompile(c.expr) }));
  const native = compiled.filter((x) => x.compiled?.native === true);

  it(`reads the whole suite (${cases.length} cases)`, () => {
    expect(cases.length).to.be.greaterThan(1500);
  });

  it('compiles exactly the expressions jsonata compiles', () => {
    const disagreements = compiled
      .filter(({ c, compiled }) => (compiled !== undefined) !== jsonataCompiles(c.expr))
      .map(({ c }) => c.id);
    expect(disagreements).to.deep.equal([]);
  });

  it(`gives jsonata's exact result on every native case (${native.length} cases)`, async () => {
    expect(native.length, 'plain-path cases compiled native').to.be.at.least(45);
    const mismatches: string[] = [];
    for (const { c, compiled } of native) {
      const mine = await outcomeOf(() => compiled!.evaluate(c.data));
      const theirs = await outcomeOf(() => jsonata(c.expr).evaluate(c.data, c.bindings));
      if ('error' in mine || 'error' in theirs) {
        if (!('error' in mine && 'error' in theirs)) mismatches.push(`${c.id} (${c.expr}): only one side threw`);
        continue;
      }
      const difference = differenceBetween(mine.value, theirs.value);
      if (difference) mismatches.push(`${c.id} (${c.expr}): ${difference}`);
    }
    expect(mismatches).to.deep.equal([]);
  });

  it('agrees with the expected results the suite records for native cases', () => {
    const mismatches: string[] = [];
    for (const { c, compiled } of native) {
      const value = compiled!.evaluate(c.data);
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
    const eligible = compiled.filter(({ c, compiled }) => compiled?.native === false && c.timelimit === undefined
      && !c.id.startsWith('performance/') && !c.unordered && Object.keys(c.bindings).length === 0);
    expect(eligible.length).to.be.greaterThan(800);
    const mismatches: string[] = [];
    for (const { c } of eligible) {
      // The guard stays on, with a budget no legitimate case reaches even on a loaded machine.
      const guarded = compileExpression(c.expr, { limits: { timeoutMs: 30_000 } });
      const outcome = await outcomeOf(() => guarded.evaluate(c.data));
      if ('error' in outcome) {
        const code = (outcome.error as { details?: { jsonataCode?: string } }).details?.jsonataCode;
        if (c.code === undefined || code !== c.code) mismatches.push(`${c.id}: threw ${code ?? String(outcome.error)}`);
      } else if (c.code !== undefined) {
        mismatches.push(`${c.id}: expected error ${c.code}`);
      } else if (c.undefinedResult ? outcome.value !== undefined : !sameJson(outcome.value, c.result)) {
        mismatches.push(`${c.id}: ${JSON.stringify(outcome.value)?.slice(0, 80)}`);
      }
    }
    expect(mismatches).to.deep.equal([]);
  });
});
