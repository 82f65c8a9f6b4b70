import { createRequire } from 'node:module';

type Body = () => Promise<void> | void;

/**
 * What a suite of the kit declares its cases with: the test runner the plugin's tests run under.
 * Under mocha (or any runner defining `describe`/`it` globals the mocha way) its globals; otherwise
 * Node's own `node:test`, so that a plugin needs no test framework at all.
 */
export interface TestRunner {
  /** A group of cases; `timeoutMs` bounds each of its cases and hooks. */
  describe(title: string, fn: () => void, options?: { readonly timeoutMs?: number }): void;
  it(title: string, fn: Body): void;
  /** A case reported as skipped (pending), not run. */
  skip(title: string, fn?: Body): void;
  before(fn: Body): void;
  after(fn: Body): void;
  beforeEach(fn: Body): void;
  afterEach(fn: Body): void;
}

interface MochaLike {
  describe(title: string, fn: (this: { timeout?(ms: number): void }) => void): void;
  it: ((title: string, fn: Body) => void) & { skip(title: string, fn?: Body): void };
  before(fn: Body): void;
  after(fn: Body): void;
  beforeEach(fn: Body): void;
  afterEach(fn: Body): void;
}

interface NodeTest {
  describe(title: string, options: { timeout?: number }, fn: () => void): void;
  it(title: string, options: { timeout?: number; skip?: boolean }, fn?: Body): void;
  before(fn: Body, options?: { timeout?: number }): void;
  after(fn: Body, options?: { timeout?: number }): void;
  beforeEach(fn: Body, options?: { timeout?: number }): void;
  afterEach(fn: Body, options?: { timeout?: number }): void;
}

function mochaRunner(globals: MochaLike): TestRunner {
  return {
    describe: (title, fn, options) =>
      globals.describe(title, function () {
        if (options?.timeoutMs !== undefined) this.timeout?.(options.timeoutMs);
        fn();
      }),
    it: (title, fn) => globals.it(title, fn),
    skip: (title, fn) => globals.it.skip(title, fn),
    before: (fn) => globals.before(fn),
    after: (fn) => globals.after(fn),
    beforeEach: (fn) => globals.beforeEach(fn),
    afterEach: (fn) => globals.afterEach(fn),
  };
}

/** node:test has no suite-wide timeout for cases: the innermost `describe`'s is passed to each. */
function nodeTestRunner(test: NodeTest): TestRunner {
  const timeouts: Array<number | undefined> = [];
  const current = (): { timeout?: number } => {
    const timeout = timeouts.findLast((t) => t !== undefined);
    return timeout === undefined ? {} : { timeout };
  };
  return {
    describe: (title, fn, options) =>
      test.describe(title, {}, () => {
        timeouts.push(options?.timeoutMs);
        try {
          fn();
        } finally {
          timeouts.pop();
        }
      }),
    it: (title, fn) => test.it(title, current(), fn),
    skip: (title, fn) => test.it(title, { ...current(), skip: true }, fn),
    before: (fn) => test.before(fn, current()),
    after: (fn) => test.after(fn, current()),
    beforeEach: (fn) => test.beforeEach(fn, current()),
    afterEach: (fn) => test.afterEach(fn, current()),
  };
}

/** The runner the calling test file runs under (see {@link TestRunner}). Call it when declaring a suite. */
export function testRunner(): TestRunner {
  const globals = globalThis as unknown as Partial<MochaLike>;
  if (typeof globals.describe === 'function' && typeof globals.it === 'function') {
    return mochaRunner(globals as MochaLike);
  }
  return nodeTestRunner(createRequire(import.meta.url)('node:test') as NodeTest);
}
