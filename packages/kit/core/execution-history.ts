import type { RunsPage } from './operations.js';
import { createToken } from './token.js';

/** A connector as the execution log remembers it (its newest entry). */
export interface ConnectorHistory {
  readonly nqlId: string;
  readonly name: string;
  /** Template display name, as `details.connector`. */
  readonly connector: string;
  readonly credentialsId: string;
  readonly lastRun: Date;
}

/**
 * Read access to past executions, contributed by the execution-log plugin. The host uses it to warn
 * when a config renames the NQL ID of a connector that already ran.
 */
export interface ExecutionHistory {
  connectors(): readonly ConnectorHistory[] | Promise<readonly ConnectorHistory[]>;
  /**
   * One page of an NQL query over the log (blank: every entry, newest first). Throws a `config`
   * TributaryError for a query that does not parse. Optional: the HTTP API's runs need it.
   */
  query?(nql: string | undefined, page: { readonly offset: number; readonly limit: number }): Promise<RunsPage>;
}

/** @deprecated Plugin API 1 token; API 2 plugins use `ExecutionHistoryService`. */
export const ExecutionHistoryToken = createToken<ExecutionHistory>('core.execution-history');
