import type { AuditEntry, HeldRun, HoldCounts, HoldDecision, LiveRun } from './control-store.js';

/** A time as a store returns it: ISO 8601 text (SQLite) or a `Date` (PostgreSQL). */
type RowTime = Date | string;

/** A JSON column as a store returns it: its text (SQLite) or already parsed (PostgreSQL). */
type RowJson<T> = T | string;

const toDate = (time: RowTime): Date => (typeof time === 'string' ? new Date(time) : time);

const fromJson = <T>(value: RowJson<T>): T => (typeof value === 'string' ? (JSON.parse(value) as T) : value);

/** A row of `held_runs` as both SQL stores return it. */
export interface HeldRow {
  run_id: string;
  nql_id: string;
  host: string;
  held_at: RowTime;
  deadline: RowTime;
  reasons: RowJson<string[]>;
  counts: RowJson<HoldCounts>;
  verdict: HoldDecision['verdict'] | null;
  decided_by: string | null;
  decided_address: string | null;
  decided_at: RowTime | null;
}

export function toHeldRun(row: HeldRow): HeldRun {
  const run: HeldRun = {
    runId: row.run_id,
    nqlId: row.nql_id,
    host: row.host,
    heldAt: toDate(row.held_at),
    deadline: toDate(row.deadline),
    reasons: fromJson(row.reasons),
    counts: fromJson(row.counts),
  };
  if (row.verdict === null) return run;
  const decision: HoldDecision = { verdict: row.verdict, by: row.decided_by!, at: toDate(row.decided_at!) };
  return {
    ...run,
    decision: row.decided_address === null ? decision : { ...decision, address: row.decided_address },
  };
}

/** A row of `live_runs` as both SQL stores return it. */
export interface LiveRow {
  run_id: string;
  nql_id: string;
  host: string;
  started_at: RowTime;
  updated_at: RowTime;
  phase: string;
  received_rows: number;
  processed_rows: number;
  expected_rows: number | null;
  cancel_by: string | null;
  cancel_at: RowTime | null;
}

export function toLiveRun(row: LiveRow): LiveRun {
  return {
    runId: row.run_id,
    nqlId: row.nql_id,
    host: row.host,
    startedAt: toDate(row.started_at),
    updatedAt: toDate(row.updated_at),
    phase: row.phase,
    receivedRows: row.received_rows,
    processedRows: row.processed_rows,
    ...(row.expected_rows === null ? {} : { expectedRows: row.expected_rows }),
    ...(row.cancel_by === null ? {} : { cancelRequested: { by: row.cancel_by, at: toDate(row.cancel_at!) } }),
  };
}

/** A live run as a store keeping times as ISO text (SQLite, memory) writes its row, without a cancel request. */
export function toLiveTextRow(
  run: Omit<LiveRun, 'cancelRequested'>,
): Omit<LiveRow, 'started_at' | 'updated_at' | 'cancel_by' | 'cancel_at'> & { started_at: string; updated_at: string } {
  return {
    run_id: run.runId,
    nql_id: run.nqlId,
    host: run.host,
    started_at: run.startedAt.toISOString(),
    updated_at: run.updatedAt.toISOString(),
    phase: run.phase,
    received_rows: run.receivedRows,
    processed_rows: run.processedRows,
    expected_rows: run.expectedRows ?? null,
  };
}

/** A row of `audit_trail` as both SQL stores return it. */
export interface AuditRow {
  time: RowTime;
  actor: string;
  actor_address: string | null;
  action: AuditEntry['action'];
  target: string;
  outcome: string;
}

export const toAuditEntry = (row: AuditRow): AuditEntry => ({
  time: toDate(row.time),
  actor: row.actor_address === null ? { name: row.actor } : { name: row.actor, address: row.actor_address },
  action: row.action,
  target: row.target,
  outcome: row.outcome,
});
