import type { IdentifierKind } from './records.js';
import type { SyncRead } from './sync/sync-read.js';

export type RunStatus = 'success' | 'partial' | 'failure';

/** What is known about a run when it starts. */
export interface RunInfo {
  readonly runId: string;
  readonly nqlId: string;
  readonly name: string;
  /** The template's display name, e.g. `Salesforce: User Attributes`. */
  readonly connector: string;
  readonly credentials: string;
  readonly credentialsId: string;
  readonly identifierKind: IdentifierKind;
  readonly startedAt: Date;
  readonly dryRun: boolean;
  /** The process that ran it (`details.host`): `<hostname>` on one machine, `<hostname>:<pid>` in a cluster. */
  readonly host?: string;
  /** The nominal time of the schedule tick it ran for (`details.scheduled_for`); absent for runs started by hand. */
  readonly scheduledFor?: Date;
  /** The mapping's targets, in order (the shrink guard counts their non-empty values). */
  readonly targets?: readonly string[];
  /** The shrink guard lets this run through (`run --allow-shrink`, or the connector's `allowShrink`). */
  readonly allowShrink?: boolean;
  /** What the run reads (absent: a plain full read). A change read is not compared with the shrink baseline. */
  readonly sync?: SyncRead;
}

/** One finished run: what the execution log records. */
export interface RunResult extends RunInfo {
  readonly status: RunStatus;
  readonly endedAt: Date;
  readonly durationMs: number;
  readonly description: string;
  readonly receivedRows: number;
  readonly processedRows: number;
  readonly importedRows: number;
  readonly apiCalls: number;
  /** Users who left the source and were cleared or deleted by this run (`details.number_of_leavers`). */
  readonly leavers?: number;
  /** Stored values the commit changed, as the change ledger recorded them (`details.number_of_changes`). */
  readonly changes?: number;
}
