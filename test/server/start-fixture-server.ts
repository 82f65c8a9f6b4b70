import { startTestServer, type TestServer } from '../../testing.js';
import { OPERATOR_TOKEN, serverConfig, serverEnv, serverPlugins } from './server-fixture.js';

/** A test server of the fixture's two connectors and plugins, with the operator token. */
export function startFixtureServer(): Promise<TestServer> {
  return startTestServer({
    config: serverConfig(),
    plugins: serverPlugins(),
    env: serverEnv,
    token: OPERATOR_TOKEN,
  });
}
