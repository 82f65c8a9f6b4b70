import type { ConnectorHistory } from './execution-history.js';
import type { NqlQuery } from './nql/nql-ast.js';
import type { RunInfo, RunResult } from './run.js';
import { createToken } from './token.js';

/** One entry as a query returns it: plain values keyed by the query's column names. */
export type LogRow = Record<string, string | number | null>;

export interface LogQueryResult {
  readonly columns: readonly string[];
  readonly rows: readonly LogRow[];
}

/**
 * What a connector's last committed, non-dry run delivered: the shrink guard compares the next run
 * with it (docs/execution-log.md, "Guards").
 */
export interface RunBaseline {
  readonly nqlId: string;
  readonly runId: string;
  /** When that run ended. */
  readonly time: Date;
  readonly processedRows: number;
  /** Per mapped field (target), how many processed rows had a non-empty value. */
  readonly fields: Readonly<Record<string, number>>;
}

/** Where baselines are kept, one per NQL ID (asynchronous, so that a store on a server can keep them). */
export interface BaselineStore {
  read(nqlId: string): Promise<RunBaseline | undefined>;
  /** Replaces the connector's baseline. */
  write(baseline: RunBaseline): Promise<void>;
}

/**
 * Where the execution log keeps its entries (`platform.inbound_connector_logs`). The execution-log
 * plugin keeps them in SQLite on one machine; a cluster plugin contributes a shared store, which the
 * execution-log plugin then uses instead. Every store answers the same query with the same rows.
 */
export interface ExecutionLogStore {
  /** A run started: a cluster store shows it in its table of running runs (optional). */
  begin?(run: RunInfo): Promise<void>;
  /** Records one finished run. A cluster store refuses a run that no longer holds its lease. */
  append(result: RunResult): Promise<void>;
  /** Runs a parsed query; `now` anchors `during past …`. */
  query(query: NqlQuery, now: Date): Promise<LogQueryResult>;
  /**
   * The runs in progress (a cluster store: its table of running runs), one row each with the columns
   * `details.nql_id`, `details.name`, `details.host`, `details.run_id`, `details.started_at`,
   * `details.scheduled_for` and `lease_until`. Absent when the store cannot tell.
   */
  running?(): Promise<LogQueryResult>;
  /** The shrink guard's baselines, kept with the entries (a cluster store keeps them for every host). */
  readonly baselines?: BaselineStore;
  /** Every NQL ID that ran, with its newest entry. */
  connectors(): Promise<ConnectorHistory[]>;
  close(): Promise<void>;
}

/** @deprecated Plugin API 1 token; API 2 plugins use `ExecutionLogStoreService`. */
export const ExecutionLogStoreToken = createToken<ExecutionLogStore>('core.execution-log-store');
