/**
 * The Salesforce-compatible sandbox: for the demo (`npm start`), tests, fixture recording and the benchmark.
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
export type { ApiUsage, SandboxStats } from './sandbox-state.js';
