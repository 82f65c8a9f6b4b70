import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as TestRunnerModule from './test-runner.js';

const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const RUNNER = new URL('./test-runner.ts', import.meta.url).href;

/** Runs a test file with Node's own test runner (no mocha globals), under tsx; its spec report. */
function nodeTest(source: string): Promise<{ code: number; out: string }> {
  const file = join(mkdtempSync(join(tmpdir(), 'test-runner-')), 'suite.spec.ts');
  writeFileSync(file, source);
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', TSX, '--test', '--test-reporter=spec', file],
      { env: { ...process.env, NODE_OPTIONS: '' } },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, out: stdout + stderr }),
    );
  });
}

describe("the kit's test runner", function () {
  this.timeout(60_000);

  it("uses mocha's globals under mocha", async () => {
    const { testRunner } = (await import(RUNNER)) as typeof TestRunnerModule;
    const seen: string[] = [];
    const saved = (globalThis as Record<string, unknown>)['it'];
    (globalThis as Record<string, unknown>)['it'] = Object.assign((title: string) => void seen.push(title), {
      skip: (title: string) => void seen.push(`skip ${title}`),
    });
    try {
      testRunner().it('a case', () => undefined);
      testRunner().skip('another');
    } finally {
      (globalThis as Record<string, unknown>)['it'] = saved;
    }
    expect(seen).to.deep.equal(['a case', 'skip another']);
  });

  it("falls back to node:test: cases, skips, hooks in order, and the suite's timeout on each case", async () => {
    const { code, out } = await nodeTest(`
import assert from 'node:assert/strict';
import { testRunner } from ${JSON.stringify(RUNNER)};
const { describe, it, skip, before, after, beforeEach } = testRunner();
const order: string[] = [];
// Keeps the event loop busy, as a real case waiting on I/O would, so that the timeout is what ends it.
const busy = setInterval(() => undefined, 1000);
describe('outer', () => {
  before(() => void order.push('before'));
  beforeEach(() => void order.push('each'));
  after(() => { clearInterval(busy); assert.deepEqual(order, ['before', 'each', 'first', 'each', 'never-ends']); });
  it('first', () => void order.push('first'));
  skip('pending one', () => { throw new Error('a skipped case ran'); });
  it('never-ends', () => { order.push('never-ends'); return new Promise<void>(() => undefined); });
}, { timeoutMs: 200 });
`);
    // The case that never ends is stopped by the suite's timeout (node:test counts it as cancelled).
    expect(out)
      .to.match(/ℹ pass 1\b/)
      .and.match(/ℹ skipped 1\b/)
      .and.match(/ℹ (fail|cancelled) 1\b/);
    expect(out).to.match(/never-ends[^\n]*\n\s*'test timed out after 200ms'/);
    expect(code).to.not.equal(0);
  });
});
