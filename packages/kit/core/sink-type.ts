import type { GenericSchema } from 'valibot';
import type { ConnectorConfig, CredentialConfig, SinkConfig } from './config-types.js';
import type { ConfigProblem } from './errors/config-problem.js';
import type { Credential } from './credential-type.js';
import type { ChangeReport } from './ledger/change-action.js';
import type { Logger } from './logger.js';
import type { SinkRecord } from './records.js';
import type { RunInfo } from './run.js';
import type { SyncRead } from './sync/sync-read.js';
import type { SinkIdentifier } from './sync/sync-state-store.js';

import { createToken } from './token.js';

export interface SinkCommitResult {
  /** Rows the destination confirmed (`details.number_of_imported_rows`). */
  readonly importedRows: number;
  /** Problems the destination reported without failing the run (e.g. a 207 partial success). */
  readonly warnings?: readonly string[];
}

/**
 * What a commit applies besides the records written, for a sink that declares
 * {@link SinkType.appliesChanges}, in the same atomic step:
 * - `remove`: users whose values this connector wrote are removed (leavers under `delete`);
 * - `retain`: on a full read, users it did not return whose values stay (leavers kept, or within the
 *   grace): a sink that rewrites everything it holds for the connector (a file) keeps them.
 */
export interface CommitPlan {
  readonly remove: readonly SinkIdentifier[];
  readonly retain: readonly SinkIdentifier[];
}

/** The plan of a run that removes and keeps nothing beyond what it wrote. */
export const EMPTY_COMMIT_PLAN: CommitPlan = Object.freeze({ remove: [], retain: [] });

/**
 * One run's writes. Writes are staged; nothing is visible until `commit`, and `abort` leaves the
 * destination exactly as it was. `write` may return a promise: the pipeline awaits it (backpressure).
 */
export interface SinkRun {
  write(records: readonly SinkRecord[]): void | Promise<void>;
  /**
   * Applies everything written, and the plan (see {@link CommitPlan}), at once. A sink that declares
   * {@link SinkType.reportsChanges} sends `report` every stored value the commit changed, the plan's
   * removals included (new value `null`), before it resolves.
   */
  commit(plan?: CommitPlan, report?: ChangeReport): Promise<SinkCommitResult>;
  /**
   * Sends `report` exactly what `commit(plan, report)` would send now, and changes nothing: the run
   * stays open for `commit` or `abort`. A sink that declares {@link SinkType.reportsChanges} provides
   * it; the host rehearses the commit of a run with `hold:` thresholds on cleared or changed values.
   */
  rehearse?(plan: CommitPlan | undefined, report: ChangeReport): Promise<void>;
  abort(reason: string): Promise<void>;
}

export interface SinkRunContext {
  readonly run: RunInfo;
  readonly connector: ConnectorConfig;
  readonly signal: AbortSignal;
  /**
   * What the run reads. On a `changes` read the records are only the users that changed: a sink that
   * rewrites everything it holds (a file) merges them with what it had.
   */
  readonly sync: SyncRead;
}

/** A configured sink. */
export interface Sink {
  readonly id: string;
  open(context: SinkRunContext): Promise<SinkRun>;
  close?(): Promise<void>;
}

export interface SinkContext {
  readonly logger: Logger;
  /** Directory of the embedded stores (`state.dir`), or `:memory:` for in-memory stores. */
  readonly stateDir: string;
  /** Folder of the config file: relative paths in a sink entry are resolved against it. */
  readonly configDir: string;
  /** Resolves a credential entry by id (sinks that call an API). */
  credential(id: string): Credential;
  addSecret(value: string): void;
}

/** A kind of sink (`sqlite`, `jsonl`, `nexthink-enrichment`). */
export interface SinkType<C extends SinkConfig = SinkConfig> {
  readonly type: string;
  readonly displayName: string;
  /**
   * True when the data stays on the machine that ran the run (a local file): refused in a cluster,
   * where each run may land on any host.
   */
  readonly hostLocal?: boolean;
  /**
   * The sink applies change reads and commit plans (`SinkRunContext.sync`, {@link CommitPlan}): a
   * connector with a `sync:` entry may write here. Without it, only plain full reads.
   */
  readonly appliesChanges?: boolean;
  /**
   * The sink can read what its store held before a commit, and reports each changed value to the
   * commit's {@link ChangeReport}: the host records them in the change ledger. Without it, runs into
   * this sink leave no ledger entries.
   */
  readonly reportsChanges?: boolean;
  /** Valibot schema of the whole entry, including `id` and `type`. */
  readonly schema: GenericSchema<unknown, C>;
  /** Offline checks of a connector that writes here (e.g. identification kinds the sink refuses). */
  validateConnector?(connector: ConnectorConfig, sink: C): readonly ConfigProblem[];
  /**
   * Offline checks of the entry against the credentials entry it names in `credentials`, as its type
   * validated it (undefined when it names none, or one that is undefined or invalid: the host reports
   * those); paths are relative to the sink entry.
   */
  validate?(sink: C, credential: CredentialConfig | undefined): readonly ConfigProblem[];
  create(config: C, context: SinkContext): Sink;
}

/** @deprecated Plugin API 1 token; API 2 plugins use `env.contribute(SinkTypes, …)`. */
export const SinkTypeToken = createToken<SinkType>('core.sink-type');
