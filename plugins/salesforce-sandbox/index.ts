/**
 * The Salesforce-compatible sandbox: a fake Salesforce org on a loopback port, for the demo
 * (`npm start`), tests, fixture recording and the benchmark. A test fixture, not a plugin: the host
 * never loads it as one, and production code of a plugin never imports it.
 */
export { startSandbox, type Sandbox } from './start-sandbox.js';
export {
  DEFAULT_API_VERSION,
  DEFAULT_SANDBOX_CREDENTIALS,
  DEFAULT_SANDBOX_QUERY,
  type PrerenderSpec,
  type SandboxCredentials,
  type SandboxOptions,
} from './sandbox-options.js';
export type { PageFault, SandboxFaults } from './faults.js';
export { ModelClock, SALESFORCE_LATENCY, type LatencyModel, type SandboxClock } from './latency-model.js';
export { ManualClock } from './manual-clock.js';
export { WarpClock } from './warp-clock.js';
export type { ApiUsage, SandboxStats } from './sandbox-state.js';
