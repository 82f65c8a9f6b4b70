import type {
  ConnectorConfig,
  ConnectorTemplate,
  Credential,
  LimitsConfig,
  Logger,
  RunContext,
  ChangeLedger,
  ControlStore,
  HoldConfig,
  Notification,
  Sink,
  SyncStateStore,
} from '../../core/index.js';
import type { RunTracer } from '../tracing/run-tracer.js';
import type { RunScope } from './run-scope.js';

/** What a run needs from its host: resolved contributions and configured instances. */
export interface RunServices {
  readonly limits: LimitsConfig;
  readonly logger: Logger;
  /** The run's child scope of the host container; its listeners observe the run. */
  openScope(context: RunContext): RunScope;
  /** Hides every known secret; applied to what the run leaves in the execution log. */
  redact(text: string): string;
  template(connector: ConnectorConfig): ConnectorTemplate;
  credential(id: string): Credential;
  credentialName(id: string): string;
  sink(id: string): Sink;
  /** Where cursors and members are kept; undefined when no plugin provides it. */
  syncState(): SyncStateStore | undefined;
  /** Where the change ledger is kept; undefined when no plugin provides it. */
  changeLedger(): ChangeLedger | undefined;
  /** The sink's type reports the values each commit changes (`SinkType.reportsChanges`). */
  reportsChanges(sinkId: string): boolean;
  /** Held runs, live reports, cancel requests and run log lines; undefined when no plugin provides it. */
  controlStore(): ControlStore | undefined;
  /** The connector's hold thresholds (the top level's, its own keys replacing them); undefined: never held. */
  holdConfig(connector: ConnectorConfig): HoldConfig | undefined;
  /** How often a run reports its progress, stores its log lines and looks for a decision or a cancel request (ms). */
  readonly controlPollMs: number;
  /** Sends a notification to the `notify:` targets; never throws, never waits for the sending. */
  notify(notification: Notification): void;
  /** Days the ledger keeps entries (`state.ledgerRetentionDays`, default 90); 0: no ledger. */
  readonly ledgerRetentionDays: number;
  /** Opens each run's span when tracing is configured (`tracing:`); undefined: nothing is traced. */
  readonly tracer?: RunTracer;
}
