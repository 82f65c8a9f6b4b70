import type pg from 'pg';
import {
  toAuditEntry,
  toHeldRun,
  toLiveRun,
  type AuditRow,
  type ControlStore,
  type HeldRow,
  type HeldRun,
  type LiveRow,
  type RunLogLine,
} from 'tributary-kit';
import { AUDIT, HELD_RUNS, LIVE_RUNS, PAUSES, QUARANTINE_LIFTS, RUN_LOG_LINES } from '../schema.js';
import { storeFailure } from '../store-failure.js';

/** Runs one statement on the pool: a failure says what could not be done (a lost connection as such). */
type Query = <R extends pg.QueryResultRow>(
  what: string,
  sql: string,
  params?: readonly unknown[],
) => Promise<pg.QueryResult<R>>;

function querier(connect: () => Promise<pg.Pool>): Query {
  return async (what, sql, params = []) => {
    // A database that cannot be reached is said by the connection (ClusterUnreachableError).
    const pool = await connect();
    try {
      return await pool.query(sql, [...params]);
    } catch (error) {
      throw storeFailure('POSTGRES_CONTROL_FAILED', `Could not ${what} the PostgreSQL control store`, error as Error);
    }
  };
}

/** Held runs: a decision is one `UPDATE … WHERE verdict IS NULL`; of two at once, the second finds the first's. */
function holds(query: Query): Pick<ControlStore, 'hold' | 'decide' | 'heldRun' | 'heldRuns' | 'releaseHold'> {
  const read = async (runId: string): Promise<HeldRun | undefined> => {
    const { rows } = await query<HeldRow>('read a held run from', `SELECT * FROM ${HELD_RUNS} WHERE run_id = $1`, [
      runId,
    ]);
    return rows[0] && toHeldRun(rows[0]);
  };
  return {
    async hold(r) {
      await query(
        'hold a run in',
        `INSERT INTO ${HELD_RUNS} (run_id, nql_id, host, held_at, deadline, reasons, counts)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (run_id) DO UPDATE SET nql_id = excluded.nql_id, host = excluded.host, held_at = excluded.held_at,
           deadline = excluded.deadline, reasons = excluded.reasons, counts = excluded.counts, verdict = NULL,
           decided_by = NULL, decided_address = NULL, decided_at = NULL`,
        [r.runId, r.nqlId, r.host, r.heldAt, r.deadline, r.reasons, JSON.stringify(r.counts)],
      );
    },
    async decide(runId, d) {
      const { rows } = await query<HeldRow>(
        'decide a held run in',
        `UPDATE ${HELD_RUNS} SET verdict = $2, decided_by = $3, decided_address = $4, decided_at = $5
         WHERE run_id = $1 AND verdict IS NULL RETURNING *`,
        [runId, d.verdict, d.by, d.address ?? null, d.at],
      );
      if (rows[0]) return { outcome: 'decided', run: toHeldRun(rows[0]) };
      const run = await read(runId);
      return run ? { outcome: 'already', run } : { outcome: 'unknown' };
    },
    heldRun: read,
    async heldRuns() {
      const { rows } = await query<HeldRow>(
        'list the held runs of',
        `SELECT * FROM ${HELD_RUNS} WHERE verdict IS NULL ORDER BY held_at, run_id`,
      );
      return rows.map(toHeldRun);
    },
    async releaseHold(runId) {
      await query('release a held run in', `DELETE FROM ${HELD_RUNS} WHERE run_id = $1`, [runId]);
    },
  };
}

function schedules(
  query: Query,
): Pick<ControlStore, 'pause' | 'unpause' | 'pauses' | 'liftQuarantine' | 'quarantineLiftedAt'> {
  return {
    async pause(p) {
      await query(
        'pause a connector in',
        `INSERT INTO ${PAUSES} (nql_id, paused_by, paused_at) VALUES ($1, $2, $3) ON CONFLICT (nql_id) DO NOTHING`,
        [p.nqlId, p.by, p.at],
      );
    },
    async unpause(nqlId) {
      const { rowCount } = await query('resume a connector in', `DELETE FROM ${PAUSES} WHERE nql_id = $1`, [nqlId]);
      return (rowCount ?? 0) > 0;
    },
    async pauses() {
      const { rows } = await query<{ nql_id: string; paused_by: string; paused_at: Date }>(
        'list the paused connectors of',
        `SELECT nql_id, paused_by, paused_at FROM ${PAUSES} ORDER BY nql_id`,
      );
      return rows.map((r) => ({ nqlId: r.nql_id, by: r.paused_by, at: r.paused_at }));
    },
    async liftQuarantine(nqlId, at) {
      await query(
        'lift a quarantine in',
        `INSERT INTO ${QUARANTINE_LIFTS} AS q (nql_id, lifted_at) VALUES ($1, $2)
         ON CONFLICT (nql_id) DO UPDATE SET lifted_at = greatest(q.lifted_at, excluded.lifted_at)`,
        [nqlId, at],
      );
    },
    async quarantineLiftedAt(nqlId) {
      const { rows } = await query<{ lifted_at: Date }>(
        'read a lifted quarantine from',
        `SELECT lifted_at FROM ${QUARANTINE_LIFTS} WHERE nql_id = $1`,
        [nqlId],
      );
      return rows[0]?.lifted_at;
    },
  };
}

function audit(query: Query): Pick<ControlStore, 'recordAudit' | 'audit'> {
  return {
    async recordAudit(e) {
      await query(
        'record an operator action in',
        `INSERT INTO ${AUDIT} (time, actor, actor_address, action, target, outcome) VALUES ($1, $2, $3, $4, $5, $6)`,
        [e.time, e.actor.name, e.actor.address ?? null, e.action, e.target, e.outcome],
      );
    },
    async audit({ offset, limit }) {
      const { rows } = await query<AuditRow & { total: number }>(
        'read the audit trail of',
        `SELECT a.*, t.total FROM (SELECT count(*) AS total FROM ${AUDIT}) AS t
         LEFT JOIN LATERAL (SELECT * FROM ${AUDIT} ORDER BY time DESC, id DESC LIMIT $1 OFFSET $2) AS a ON true`,
        [limit, offset],
      );
      return {
        entries: rows.filter((r) => r.time !== null).map(toAuditEntry),
        total: rows[0]?.total ?? 0,
      };
    },
  };
}

function liveRuns(query: Query): Pick<ControlStore, 'reportLive' | 'liveRuns' | 'endLive' | 'requestCancel'> {
  return {
    async reportLive(r) {
      await query(
        'report a live run to',
        `INSERT INTO ${LIVE_RUNS} (run_id, nql_id, host, started_at, updated_at, phase, received_rows, processed_rows,
           expected_rows) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
         ON CONFLICT (run_id) DO UPDATE SET nql_id = excluded.nql_id, host = excluded.host,
           started_at = excluded.started_at, updated_at = excluded.updated_at, phase = excluded.phase,
           received_rows = excluded.received_rows, processed_rows = excluded.processed_rows,
           expected_rows = excluded.expected_rows`,
        [
          r.runId,
          r.nqlId,
          r.host,
          r.startedAt,
          r.updatedAt,
          r.phase,
          r.receivedRows,
          r.processedRows,
          r.expectedRows ?? null,
        ],
      );
    },
    async liveRuns() {
      const { rows } = await query<LiveRow>(
        'list the live runs of',
        `SELECT * FROM ${LIVE_RUNS} ORDER BY started_at, run_id`,
      );
      return rows.map(toLiveRun);
    },
    async endLive(runId) {
      await query('end a live run in', `DELETE FROM ${LIVE_RUNS} WHERE run_id = $1`, [runId]);
    },
    async requestCancel(runId, by, at) {
      // A second request keeps the first one's actor and time.
      const { rowCount } = await query(
        'request a cancel in',
        `UPDATE ${LIVE_RUNS} SET cancel_by = coalesce(cancel_by, $2), cancel_at = coalesce(cancel_at, $3) WHERE run_id = $1`,
        [runId, by, at],
      );
      return (rowCount ?? 0) > 0;
    },
  };
}

function runLogs(query: Query): Pick<ControlStore, 'appendRunLog' | 'runLog' | 'pruneBefore'> {
  return {
    async appendRunLog(runId, lines) {
      if (!lines.length) return;
      await query(
        "append to a run's log in",
        `INSERT INTO ${RUN_LOG_LINES} (run_id, time, level, message)
         SELECT $1, u.time, u.level, u.message
         FROM unnest($2::timestamptz[], $3::text[], $4::text[]) WITH ORDINALITY AS u(time, level, message, n) ORDER BY u.n`,
        [runId, lines.map((l) => l.time.toISOString()), lines.map((l) => l.level), lines.map((l) => l.message)],
      );
    },
    async runLog(runId, limit) {
      const { rows } = await query<RunLogLine>(
        "read a run's log from",
        `SELECT time, level, message FROM ${RUN_LOG_LINES} WHERE run_id = $1 ORDER BY id LIMIT $2`,
        [runId, limit],
      );
      return rows.map((r) => ({ time: r.time, level: r.level, message: r.message }));
    },
    async pruneBefore(time) {
      await query(
        'prune',
        `WITH audit AS (DELETE FROM ${AUDIT} WHERE time < $1), lines AS (DELETE FROM ${RUN_LOG_LINES} WHERE time < $1)
         DELETE FROM ${LIVE_RUNS} WHERE updated_at < $1`,
        [time],
      );
    },
  };
}

/**
 * The control store in the cluster database (`tributary.held_runs`, `connector_pauses`,
 * `quarantine_lifts`, `audit_trail`, `live_runs` and `run_log_lines`), shared by every host. Each call
 * is one statement on the pool: a lost connection fails that call (`POSTGRES_CONTROL_FAILED`, or
 * `CLUSTER_DATABASE_UNREACHABLE` when the database cannot be reached), never the process.
 */
export function pgControlStore(connect: () => Promise<pg.Pool>): ControlStore {
  const query = querier(connect);
  return { ...holds(query), ...schedules(query), ...audit(query), ...liveRuns(query), ...runLogs(query) };
}
