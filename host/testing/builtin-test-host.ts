import { BUILTIN_PLUGINS } from '../builtins/builtin-plugins.js';
import { testHostStarter } from 'tributary-kit/internal/testing/start-test-host.js';

/**
 * The test host of this repository's built-in plugins (see {@link BUILTIN_PLUGINS}): `startTestHost`
 * loads those a config names, `testHostSetup` (for startTestServer) all of them.
 */
export const { startTestHost, testHostSetup } = testHostStarter(BUILTIN_PLUGINS);
