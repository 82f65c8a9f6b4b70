import type {
  ConnectorConfig,
  ConnectorContext,
  ConnectorTemplate,
  ProblemLog,
  RunDraft,
  RunInfo,
  RunObserver,
  Sink,
  SinkRun,
} from '../../core/index.js';
import type { BatchMapper } from '../mapping/batch-mapper.js';
import type { ContextState } from './connector-context.js';
import type { RunLogBook } from './run-log-book.js';
import type { RunOptions, RunProgress } from './run-options.js';
import type { RunScope } from './run-scope.js';
import type { RunServices } from './run-services.js';
import type { RunTally } from './run-tally.js';
import type { SyncTracking } from './sync-tracking.js';

/** One run as its stages share it: opened by openRun, read, committed or failed, then turned into its result. */
export interface RunState {
  readonly services: RunServices;
  readonly connector: ConnectorConfig;
  readonly options: RunOptions;
  readonly template: ConnectorTemplate;
  readonly info: RunInfo & { readonly startedAt: Date };
  /** Aborted by the caller's signal, a lost lease, or the run itself. */
  readonly signal: AbortSignal;
  readonly problems: ProblemLog;
  readonly tally: RunTally;
  readonly draft: RunDraft & { error?: unknown };
  readonly scope: RunScope;
  readonly observers: RunObserver[];
  /** Why an execution listener could not start: the run fails before it reads. */
  readonly listenerError: unknown;
  /** Why the run's sync state could not be read: the run fails before it reads. */
  readonly syncError: unknown;
  /** A connector with a `sync:` entry (not on a dry run): its cursor and members. */
  readonly sync: SyncTracking | undefined;
  readonly context: ConnectorContext;
  readonly state: ContextState;
  /** A listener asked to stop reading (the row limit). */
  readonly stopReading: boolean;
  /** The run's sink, once resolved; undefined on a dry run. */
  sink: Sink | undefined;
  /** The sink's staged run, until it is committed or aborted. */
  sinkRun: SinkRun | undefined;
  mapping: BatchMapper | undefined;
  /** Leavers the commit cleared or deleted. */
  leavers: number;
  /** Stored values the commit changed, as the change ledger recorded them. */
  changes: number;
  /** The run's logger, keeping its lines for the run's page. */
  readonly log: RunLogBook;
  /** What it does now, as its live report says. */
  phase: 'reading' | 'committing' | 'held';
  /** Sends the run's live report now (its phase changed), besides every `controlPollMs`. */
  reportNow(): Promise<void>;
  /** Aborts the run (an operator cancelled it): it fails with `reason`, a CancelledError. */
  abort(reason: unknown): void;
  /** The counts the caller's `onProgress` receives. */
  progress(): RunProgress;
  /** Stops listening to the caller's signals and stops the mapping worker. */
  close(): Promise<void>;
}
