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
}

export const ExecutionHistoryToken = createToken<ExecutionHistory>('core.execution-history');
