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
  /** Every NQL ID that ran, with its newest entry. */
  connectors(): Promise<ConnectorHistory[]>;
  close(): Promise<void>;
}

export const ExecutionLogStoreToken = createToken<ExecutionLogStore>('core.execution-log-store');
