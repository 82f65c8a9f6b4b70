/**
 * `tributary`: the embedding API. `createHost({ config })` loads and validates a configuration and its
 * plugins; `host.run(nqlId)` runs a connector and resolves with its execution-log entry.
 */
export { createHost } from './host/builtins/create-host.js';
export type { CreateHostOptions, Host } from 'tributary-kit/internal/kernel/create-host.js';
export type { RunOptions, RunProgress } from 'tributary-kit/internal/kernel/run/run-options.js';
export type { CheckReport } from 'tributary-kit/internal/kernel/run/check-connector.js';
export { main } from './host/cli/main.js';
export { runNow, type RunNowResult } from './host/serve/run-now.js';
