/** The mocha globals a contract suite of the kit declares its cases with. */
export interface MochaGlobals {
  describe(title: string, fn: () => void): void;
  it(title: string, fn: () => Promise<void>): void;
  beforeEach(fn: () => Promise<void>): void;
  afterEach(fn: () => Promise<void>): void;
}

/**
 * mocha's globals, typed here so that the kit needs no @types/mocha: a contract suite runs under
 * mocha, which defines them before it loads a spec (call this when the suite is declared).
 */
export function mochaGlobals(): MochaGlobals {
  return globalThis as unknown as MochaGlobals;
}
