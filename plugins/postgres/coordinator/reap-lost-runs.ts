import type pg from 'pg';
import type { RunResult } from 'tributary-kit';
import { insertEntry } from '../log/pg-log-store.js';
import { RUNNING } from '../schema.js';
import { inTransaction } from '../transaction.js';

interface ExpiredRow {
  readonly nql_id: string;
  readonly run_id: string;
  readonly host: string;
  readonly scheduled_for: Date | null;
  readonly started_at: Date;
  readonly committed_at: Date | null;
  readonly name: string | null;
  readonly connector: string | null;
  readonly credentials: string | null;
  readonly credentials_id: string | null;
  readonly dry_run: boolean;
  readonly lost_reason: string | null;
  readonly now: Date;
}

const WORKER_LOST = 'Worker lost';

/** The sentence a lost run leaves in the log. */
function lostDescription(row: Pick<ExpiredRow, 'host' | 'committed_at' | 'lost_reason'>): string {
  const what = row.lost_reason
    ? `${WORKER_LOST}: the run on ${row.host} ended without writing its entry (${row.lost_reason})`
    : `${WORKER_LOST}: ${row.host} stopped renewing the run's lease (killed, crashed or cut off from the database)`;
  const sink = row.committed_at
    ? `its sink had committed at ${row.committed_at.toISOString()}`
    : 'its sink committed nothing';
  return `${what}; ${sink}`;
}

/**
 * Ends every lease that expired: in one transaction, deletes the rows and logs each run as a
 * `failure` naming the host that lost it. Several hosts may reap at once; each row is logged once.
 * Returns the runs it logged.
 */
export async function reapLostRuns(pool: pg.Pool, retentionDays: number | undefined): Promise<RunResult[]> {
  return inTransaction(pool, async (client) => {
    const { rows } = await client.query<ExpiredRow>(
      `DELETE FROM ${RUNNING} WHERE lease_until <= clock_timestamp() RETURNING *, clock_timestamp() AS now`,
    );
    const logged: RunResult[] = [];
    for (const row of rows) {
      const result: RunResult = {
        runId: row.run_id,
        nqlId: row.nql_id,
        name: row.name ?? row.nql_id,
        connector: row.connector ?? '',
        credentials: row.credentials ?? '',
        credentialsId: row.credentials_id ?? '',
        identifierKind: 'upn',
        startedAt: row.started_at,
        dryRun: row.dry_run,
        host: row.host,
        scheduledFor: row.scheduled_for ?? undefined,
        status: 'failure',
        endedAt: row.now,
        durationMs: Math.max(0, row.now.getTime() - row.started_at.getTime()),
        description: lostDescription(row),
        receivedRows: 0,
        processedRows: 0,
        importedRows: 0,
        apiCalls: 0,
      };
      if (await insertEntry(client, result, retentionDays)) logged.push(result);
    }
    return logged;
  });
}
