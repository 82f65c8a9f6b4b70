import type { GenericSchema } from 'valibot';
import type { ConnectorConfig, CredentialConfig, SinkConfig } from './config-types.js';
import type { ConfigProblem } from './errors/config-problem.js';
import type { Credential } from './credential-type.js';
import type { Logger } from './logger.js';
import type { SinkRecord } from './records.js';
import type { RunInfo } from './run.js';

import { createToken } from './token.js';

export interface SinkCommitResult {
  /** Rows the destination confirmed (`details.number_of_imported_rows`). */
  readonly importedRows: number;
  /** Problems the destination reported without failing the run (e.g. a 207 partial success). */
  readonly warnings?: readonly string[];
}

/**
 * One run's writes. Writes are staged; nothing is visible until `commit`, and `abort` leaves the
 * destination exactly as it was. `write` may return a promise: the pipeline awaits it (backpressure).
 */
export interface SinkRun {
  write(records: readonly SinkRecord[]): void | Promise<void>;
  commit(): Promise<SinkCommitResult>;
  abort(reason: string): Promise<void>;
}

export interface SinkRunContext {
  readonly run: RunInfo;
  readonly connector: ConnectorConfig;
  readonly signal: AbortSignal;
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
