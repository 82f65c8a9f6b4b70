/**
 * `tributary-host/testing`: the kit of `tributary-kit/testing`, whose test host here knows every built-in
 * plugin of the host, plus the helpers that start the host's own parts: its HTTP server, PostgreSQL, a
 * browser, and its CLI.
 */
export * from 'tributary-kit/testing';
export { describeInBrowser, findBrowser, launchBrowser, BROWSER_ARGS, BROWSER_CANDIDATES } from './browser.js';
export { startTestServer, type TestServer, type TestServerOptions } from './start-test-server.js';
export { startTestPostgres, stopTestPostgres, type TestPostgres } from './start-test-postgres.js';
export { runTributaryCli, type CliRun, type CliRunOptions } from './run-tributary-cli.js';
import type { TestHost, TestHostOptions } from 'tributary-kit/testing';
import { startTestHost as startWithEveryBuiltin } from './builtin-test-host.js';

/** The kit's `startTestHost`, whose host knows every built-in plugin of this package (those a config names load). */
export const startTestHost: (options: TestHostOptions) => Promise<TestHost> = startWithEveryBuiltin;
