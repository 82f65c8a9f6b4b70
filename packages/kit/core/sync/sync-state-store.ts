import { FatalError } from '../errors/error-classes.js';
import type { SinkRecord } from '../records.js';

/** A user as the sinks key them: the identifier kind and the identifier. */
export type SinkIdentifier = SinkRecord['identifier'];

/** What the host keeps per incremental or leaver-tracking connector between runs. */
export interface SyncState {
  readonly nqlId: string;
  /** Where the next change read starts (the connector's own text), from the last committed run. */
  readonly cursor: string | undefined;
  /** When the last committed full read ended. */
  readonly lastFullAt: Date | undefined;
  /** Users this connector wrote that the source still held at the last full read, or that changed since. */
  readonly present: number;
  /** Users absent from the last full read that the store still holds (leavers kept, or within the grace). */
  readonly absent: number;
  /** Rows the last full read received that gave no user of their own (no identifier, ignored, a duplicate). */
  readonly unmatched: number;
}

/** A user the store holds for the connector that the last full read did not return. */
export interface AbsentMember {
  readonly identifier: SinkIdentifier;
  /** Full reads in a row that did not return the user, the current one included. */
  readonly missedFullReads: number;
}

/** How one run ended, for its members: applied in one transaction by {@link MemberStage.commit}. */
export interface SyncOutcome {
  readonly full: boolean;
  /** The cursor the connector set; undefined keeps the previous one. */
  readonly cursor: string | undefined;
  /** On a full read: rows that gave no user of their own. */
  readonly unmatched: number;
  /** Members the leaver action removed from the store (cleared or deleted): no longer the connector's. */
  readonly removed: readonly SinkIdentifier[];
  readonly time: Date;
}

/**
 * One run's members, staged while it reads: the users it processed. Nothing changes in the store
 * until `commit`, which the host calls only after the sink committed (so a cursor never runs ahead of
 * the data); `abort` leaves everything as it was, and may be called twice. A committed or aborted
 * stage refuses every other call with a FatalError coded `MEMBER_STAGE_FINISHED`. The kit's
 * `describeSyncStateStore` checks a store against this contract.
 */
export interface MemberStage {
  add(identifiers: readonly SinkIdentifier[]): void | Promise<void>;
  /** Users staged so far that are not present members yet (new to the store, or back from absence). */
  added(): Promise<number>;
  /** After a full read: the members it did not return, each with its count of missed full reads. */
  absent(): Promise<readonly AbsentMember[]>;
  commit(outcome: SyncOutcome): Promise<SyncState>;
  abort(): Promise<void>;
}

/**
 * Where the host keeps each connector's cursor and members (the users it wrote). Default: the
 * execution-log plugin's SQLite database; the postgres plugin overrides it in a cluster.
 */
export interface SyncStateStore {
  read(nqlId: string): Promise<SyncState | undefined>;
  /** Opens one run's stage (a restarted read aborts it and opens another). */
  stage(nqlId: string, runId: string): Promise<MemberStage>;
}

/** The key sinks and stores compare users by: the kind and the lower-cased identifier. */
export function memberKey(identifier: SinkIdentifier): string {
  return `${identifier.kind}:${identifier.value.toLowerCase()}`;
}

/** What a committed or aborted {@link MemberStage} throws when called again. */
export function memberStageFinished(): FatalError {
  return new FatalError('MEMBER_STAGE_FINISHED', 'This member stage was already committed or aborted');
}
