/**
 * `tributary-kit/testing`: the kit plugin authors test with. A real host (loader, validation, run pipeline
 * and guards) with in-memory stores, fakes for every contract, recorded HTTP on nock, the conformance suite
 * every connector must pass, and the contract suites of the stores a plugin can contribute.
 */
export { startPluginTestHost as startTestHost } from './start-plugin-test-host.js';
export {
  testHttpClient,
  type PluginTestHost as TestHost,
  type TestHostPlugin,
  type TestHostOptions,
  type TestHttpClientOptions,
  type LogEntry,
} from './start-test-host.js';
export type { CommandOutput } from './run-command.js';
export { testPlugin, type TestPluginContributions } from './test-plugin.js';
export {
  recordingSink,
  type RecordedRun,
  type RecordingSinkOptions,
  type RecordingSinkType,
} from './recording-sink.js';
export { recordingListener, type RecordingListener } from './recording-listener.js';
export {
  fakeCredential,
  fakeCredentialType,
  type FakeCredential,
  type FakeCredentialOptions,
  type FakeCredentialConfig,
} from './fake-credential.js';
export { syntheticConnector, defaultSyntheticRecord, type SyntheticConnectorOptions } from './synthetic-connector.js';
export { memoryLogger, type MemoryLogger } from './memory-logger.js';
export {
  connectorDirectly,
  credentialDirectly,
  readDirectly,
  readAll,
  type CredentialDirectlyOptions,
  type DirectConnector,
  type DirectOptions,
  type DirectRead,
} from './read-directly.js';
export {
  useRecordedHttp,
  recordModeFromEnv,
  type RecordedHttp,
  type RecordedHttpOptions,
  type RecordMode,
} from './recorded-http.js';
export { startLocalServer, type LocalServer, type LocalServerOptions } from './local-server.js';
export {
  startScriptedServer,
  type ScriptedAnswer,
  type ScriptedFault,
  type ScriptedRequest,
  type ScriptedServer,
} from './scripted-server.js';
export { FakeClock, settle } from '../kernel/schedule/fake-clock.js';
export type { Clock, CancelTimer } from '../kernel/schedule/clock.js';
export { scrubRecording, PLACEHOLDER_HOST, REDACTED, type ScrubOptions } from './scrub-recording.js';
export { describeConnectorConformance } from './conformance/describe-connector-conformance.js';
export {
  CONFORMANCE_NQL_ID,
  type ConformanceOptions,
  type ConformanceScenario,
  type PerScenario,
  type ScenarioSetup,
} from './conformance/conformance-options.js';
export { assertTyped, rejection } from './conformance/typed-failure.js';
export { describeSyncStateStore, type SyncStateStoreFixture } from './sync-state-store-contract.js';
export { describeChangeLedger, type ChangeLedgerFixture } from './change-ledger-contract.js';
export { describeControlStore, type ControlStoreFixture } from './control-store-contract.js';
export { describeSinkChanges, type SinkChangesFixture } from './sink-changes-contract.js';
