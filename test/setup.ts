/**
 * Root hooks for the whole suite: no test reaches the internet, and a test that leaves
 * an nock interceptor unused fails.
 */
import nock from 'nock';
import { stopTestPostgres } from '../host/testing/start-test-postgres.js';

nock.disableNetConnect();
nock.enableNetConnect(/^(127\.0\.0\.\d{1,3}|localhost|\[::1\])(:\d+)?$/); // all of 127.0.0.x: a second origin on the same machine

export const mochaHooks = {
  /** The shared test PostgreSQL, if some test started it. */
  async afterAll(): Promise<void> {
    await stopTestPostgres();
  },
  afterEach(this: Mocha.Context): void {
    if (!nock.isDone()) {
      const pending = nock.pendingMocks();
      nock.cleanAll();
      throw new Error(
        `Unused HTTP interceptors after "${this.currentTest?.fullTitle() ?? 'test'}": ${pending.join(', ')}`,
      );
    }
    nock.cleanAll();
  },
};
