import type pg from 'pg';
import {
  compileNql,
  FatalError,
  LOG_FIELDS,
  type BaselineStore,
  type ConnectorHistory,
  type ExecutionLogStore,
  type LogRow,
  type NqlQuery,
  type RunInfo,
  type RunResult,
} from 'tributary-kit';
import { postgresDialect } from '../pg-dialect.js';
import { LOG, RUNNING } from '../schema.js';
import { inTransaction } from '../transaction.js';
import { pgBaselineStore } from './pg-baseline-store.js';

const DAY_MS = 86_400_000;
const RUNNING_COLUMNS = [
  'details.nql_id',
  'details.name',
  'details.host',
  'details.run_id',
  'details.started_at',
  'details.scheduled_for',
  'lease_until',
];
/** A timestamptz as the log writes times: ISO 8601 in UTC with milliseconds. */
const iso = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
const COLUMNS = LOG_FIELDS.map((f) => f.column);
const INSERT = `INSERT INTO ${LOG} (${COLUMNS.join(', ')}) VALUES (${COLUMNS.map((_, i) => `$${i + 1}`).join(', ')}) ON CONFLICT (run_id) DO NOTHING`;

export interface PgLogStoreOptions {
  readonly retentionDays?: number | undefined;
  /**
   * Refuse an entry whose run no longer holds its lease (the cluster's fencing; default true). Off,
   * entries are written without looking at leases (imports, tests of the query path).
   */
  readonly fenced?: boolean;
  /** Told each run whose entry this store wrote (its lease ended with it). */
  readonly onWritten?: (runId: string) => void;
}

/** The run lost its lease before its entry was written: the cluster logs it as lost instead. */
export class LeaseLostError extends FatalError {
  constructor(runId: string, what: string) {
    super('CLUSTER_LEASE_LOST', `Run ${runId} no longer holds its cluster lease: ${what}`);
  }
}

/** Appends one entry (and applies the retention) on an open transaction. */
export async function insertEntry(
  client: pg.ClientBase,
  result: RunResult,
  retentionDays: number | undefined,
): Promise<boolean> {
  const inserted = await client.query(
    INSERT,
    LOG_FIELDS.map((f) => f.read(result)),
  );
  if (retentionDays !== undefined && retentionDays > 0) {
    await client.query(`DELETE FROM ${LOG} WHERE time < $1`, [
      new Date(Date.now() - retentionDays * DAY_MS).toISOString(),
    ]);
  }
  return inserted.rowCount === 1;
}

/**
 * The execution log in PostgreSQL: the same fields as the SQLite store, every host's runs in one
 * table, NQL compiled to one parameterised SELECT. In a cluster an entry is written in the same
 * transaction that ends the run's lease, and only if the lease is still held (fencing).
 */
export function openPgLogStore(
  connect: () => Promise<pg.Pool>,
  options: PgLogStoreOptions = {},
): ExecutionLogStore & { begin(run: RunInfo): Promise<void>; readonly baselines: BaselineStore } {
  const fenced = options.fenced ?? true;
  return {
    baselines: pgBaselineStore(connect),
    async begin(run) {
      await (
        await connect()
      ).query(
        `UPDATE ${RUNNING} SET name = $2, connector = $3, credentials = $4, credentials_id = $5, dry_run = $6, started_at = $7 WHERE run_id = $1`,
        [run.runId, run.name, run.connector, run.credentials, run.credentialsId, run.dryRun, run.startedAt],
      );
    },
    async append(result) {
      await inTransaction(await connect(), async (client) => {
        if (fenced) {
          const ended = await client.query(
            `DELETE FROM ${RUNNING} WHERE run_id = $1 AND lease_until > clock_timestamp()`,
            [result.runId],
          );
          if (ended.rowCount !== 1)
            throw new LeaseLostError(result.runId, 'its entry is not written (the cluster logs the run as lost)');
        }
        if (!(await insertEntry(client, result, options.retentionDays)) && fenced) {
          throw new LeaseLostError(result.runId, 'the cluster logged it already');
        }
      });
      options.onWritten?.(result.runId);
    },
    async query(query: NqlQuery, now: Date) {
      const compiled = compileNql(query, now, postgresDialect);
      const { rows } = await (await connect()).query<LogRow>({ text: compiled.sql, values: [...compiled.params] });
      return { columns: compiled.columns, rows };
    },
    async running() {
      const { rows } = await (
        await connect()
      ).query<LogRow>(
        `SELECT nql_id AS "details.nql_id", coalesce(name, nql_id) AS "details.name", host AS "details.host", run_id AS "details.run_id",
                ${iso('started_at')} AS "details.started_at", coalesce(${iso('scheduled_for')}, '') AS "details.scheduled_for", ${iso('lease_until')} AS lease_until
         FROM ${RUNNING} ORDER BY started_at, nql_id`,
      );
      return { columns: RUNNING_COLUMNS, rows };
    },
    async connectors(): Promise<ConnectorHistory[]> {
      const { rows } = await (
        await connect()
      ).query<Record<string, string>>(
        `SELECT DISTINCT ON (nql_id) nql_id, name, connector, credentials_id, time FROM ${LOG} ORDER BY nql_id, time DESC`,
      );
      return rows.map((r) => ({
        nqlId: r.nql_id!,
        name: r.name!,
        connector: r.connector!,
        credentialsId: r.credentials_id!,
        lastRun: new Date(r.time!),
      }));
    },
    async close() {
      // The pool belongs to the cluster connection.
    },
  };
}
