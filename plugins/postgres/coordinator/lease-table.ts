import type pg from 'pg';
import type { LeaseHolder } from 'tributary-kit';
import { RUNNING } from '../schema.js';

/** The lease rows of `running_runs`: one per connector with a run in progress anywhere in the cluster. */
export interface LeaseRow {
  readonly runId: string;
  readonly nqlId: string;
  readonly host: string;
  readonly scheduledFor: Date | undefined;
}

const ms = (value: number) => `${Math.round(value)} milliseconds`;

/** Takes the connector's lease for `leaseMs`; false when another run holds it (expired or not). */
export async function insertLease(pool: pg.Pool, row: LeaseRow, leaseMs: number): Promise<boolean> {
  const inserted = await pool.query(
    `INSERT INTO ${RUNNING} (nql_id, run_id, host, scheduled_for, lease_until)
     VALUES ($1, $2, $3, $4, clock_timestamp() + $5::interval) ON CONFLICT (nql_id) DO NOTHING`,
    [row.nqlId, row.runId, row.host, row.scheduledFor ?? null, ms(leaseMs)],
  );
  return inserted.rowCount === 1;
}

export async function leaseHolder(pool: pg.Pool, nqlId: string): Promise<LeaseHolder | undefined> {
  const { rows } = await pool.query<{ host: string; run_id: string; started_at: Date }>(
    `SELECT host, run_id, started_at FROM ${RUNNING} WHERE nql_id = $1`,
    [nqlId],
  );
  const row = rows[0];
  return row && { host: row.host, runId: row.run_id, since: row.started_at };
}

/** Extends a lease that is still held; false when it expired or was taken away. */
export async function renewLease(pool: pg.Pool, runId: string, leaseMs: number): Promise<boolean> {
  const renewed = await pool.query(
    `UPDATE ${RUNNING} SET lease_until = clock_timestamp() + $2::interval, renewed_at = clock_timestamp()
     WHERE run_id = $1 AND lease_until > clock_timestamp()`,
    [runId, ms(leaseMs)],
  );
  return renewed.rowCount === 1;
}

/**
 * The run ended but its lease is still there: its entry was not written (the log could not be
 * reached, a listener failed). The lease expires now, with the reason, for the reaper to log.
 */
export async function expireLease(pool: pg.Pool, runId: string, reason: string): Promise<boolean> {
  const expired = await pool.query(
    `UPDATE ${RUNNING} SET lease_until = clock_timestamp(), lost_reason = $2 WHERE run_id = $1 AND lease_until > clock_timestamp()`,
    [runId, reason],
  );
  return expired.rowCount === 1;
}

/** Fencing for a commit: inside `client`'s transaction, locks the run's lease and extends it; false when it is no longer held. */
export async function holdLeaseForCommit(client: pg.ClientBase, runId: string, leaseMs: number): Promise<boolean> {
  const held = await client.query(
    `UPDATE ${RUNNING} SET committed_at = clock_timestamp(), lease_until = GREATEST(lease_until, clock_timestamp() + $2::interval)
     WHERE run_id = $1 AND lease_until > clock_timestamp()`,
    [runId, ms(leaseMs)],
  );
  return held.rowCount === 1;
}
