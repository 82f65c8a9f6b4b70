import { KIT_BUILTINS } from './kit-builtins.js';
import { testHostStarter } from './start-test-host.js';

/** The test host of the kit's own built-in plugins ({@link KIT_BUILTINS}): it loads those a config names. */
export const { startTestHost } = testHostStarter(KIT_BUILTINS);
