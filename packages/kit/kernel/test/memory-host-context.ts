import { silentLogger, type HostContext } from '../../core/index.js';

/**
 * A HostContext for loading plugins in a test: state in memory, limits of 10, an empty config, a silent
 * logger, and `addSecret` as given (by default it keeps nothing).
 */
export function memoryHostContext(addSecret: (secret: string) => void = () => undefined): HostContext {
  const limits = { maxRowsPerSync: 10, maxRecordsPerUpn: 10 };
  return {
    stateDir: ':memory:',
    configDir: process.cwd(),
    retentionDays: undefined,
    limits,
    config: {
      plugins: [],
      state: { dir: ':memory:' },
      limits,
      maxConcurrentRuns: 1,
      credentials: [],
      sinks: [],
      connectors: [],
    },
    logger: silentLogger,
    addSecret,
  };
}
