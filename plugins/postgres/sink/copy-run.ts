import { once } from 'node:events';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { FatalError, type SinkCommitResult, type SinkRecord, type SinkRun } from '../../../core/index.js';
import { connectionMessage, isConnectionLoss } from '../cluster-unreachable-error.js';
import { holdLeaseForCommit } from '../coordinator/lease-table.js';
import { LeaseLostError } from '../log/pg-log-store.js';
import { copyLines } from './copy-lines.js';
import type { UserTables } from './user-tables.js';

export interface CopyRunOptions {
  readonly client: pg.PoolClient;
  readonly tables: UserTables;
  readonly runId: string;
  readonly connector: string;
  /** Fencing: the commit checks the run's lease and extends it by this much. */
  readonly leaseMs: number;
}

let counter = 0;
/** Sort memory of a commit: 200,000 rows × 3 fields sort in about 100 MB. */
const COMMIT_WORK_MEM = '256MB';

/**
 * One run's writes into the PostgreSQL store. Rows stream into a TEMP table of the run's own
 * connection through one `COPY … FROM STDIN` (the stream's backpressure pauses the run); `commit`
 * applies the whole table to `users` and `user_attributes` in ONE transaction that first checks the
 * run still holds its cluster lease. Readers see the old values or all the new ones. `abort`, or a
 * dead connection (a killed worker), drops the staging table and leaves the store untouched.
 */
export class CopyRun implements SinkRun {
  readonly #options: CopyRunOptions;
  readonly #stage: string;
  #copy: ReturnType<typeof copyFrom> | undefined;
  #copyError: Error | undefined;
  #rows = 0;
  #finished = false;

  private constructor(options: CopyRunOptions, stage: string) {
    this.#options = options;
    this.#stage = stage;
  }

  static async open(options: CopyRunOptions): Promise<CopyRun> {
    const stage = `tributary_stage_${process.pid}_${++counter}`;
    await options.client.query(
      `CREATE TEMP TABLE ${stage} (seq bigserial, kind text COLLATE "C" NOT NULL, key text COLLATE "C" NOT NULL, identifier text NOT NULL, fields jsonb NOT NULL)`,
    );
    return new CopyRun(options, stage);
  }

  async write(records: readonly SinkRecord[]): Promise<void> {
    this.#assertOpen();
    const copy = this.#stream();
    if (this.#copyError) throw this.#failed('stage rows in', this.#copyError);
    if (!copy.write(copyLines(records))) await Promise.race([once(copy, 'drain'), once(copy, 'error')]);
    if (this.#copyError) throw this.#failed('stage rows in', this.#copyError);
    this.#rows += records.length;
  }

  async commit(): Promise<SinkCommitResult> {
    this.#assertOpen();
    this.#finished = true;
    const { client, tables, runId, connector, leaseMs } = this.#options;
    try {
      if (this.#copy) {
        this.#copy.end();
        if (!this.#copy.writableFinished && !this.#copyError)
          await Promise.race([once(this.#copy, 'finish'), once(this.#copy, 'error')]);
        if (this.#copyError) throw this.#copyError;
      }
      // A temporary table is never analysed by autovacuum: without statistics the planner joins it as if it were tiny.
      await client.query(`ANALYZE ${this.#stage}`);
      await client.query('BEGIN');
      // The de-duplicating sorts of a large run stay in memory (for this transaction only).
      await client.query(`SET LOCAL work_mem = '${COMMIT_WORK_MEM}'`);
      if (!(await holdLeaseForCommit(client, runId, leaseMs)))
        throw new LeaseLostError(runId, 'its rows are not committed');
      await client.query(
        `INSERT INTO ${tables.users} (identifier_kind, identifier_key, identifier)
         SELECT DISTINCT ON (kind, key) kind, key, identifier FROM ${this.#stage} ORDER BY kind, key, seq DESC
         ON CONFLICT (identifier_kind, identifier_key) DO UPDATE SET identifier = excluded.identifier
         WHERE ${tables.users}.identifier IS DISTINCT FROM excluded.identifier`,
      );
      await client.query(
        `INSERT INTO ${tables.attributes} (user_id, field, value, connector, updated_at, run_id)
         SELECT DISTINCT ON (u.id, f.key) u.id, f.key, f.value, $1, now(), $2
         FROM ${this.#stage} AS s
         JOIN ${tables.users} AS u ON u.identifier_kind = s.kind AND u.identifier_key = s.key
         CROSS JOIN LATERAL jsonb_each(s.fields) AS f (key, value)
         ORDER BY u.id, f.key, s.seq DESC
         ON CONFLICT (user_id, field) DO UPDATE SET
           value = excluded.value, connector = excluded.connector, updated_at = excluded.updated_at, run_id = excluded.run_id`,
        [connector, runId],
      );
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      await this.#release();
      if (error instanceof LeaseLostError) throw error;
      throw this.#failed('commit to', error as Error);
    }
    await this.#release();
    return { importedRows: this.#rows };
  }

  async abort(_reason: string): Promise<void> {
    if (this.#finished) return;
    this.#finished = true;
    if (this.#copy && !this.#copy.destroyed) {
      // Ending COPY with an error makes the server discard what was sent.
      this.#copy.destroy(new Error('run aborted'));
    }
    await this.#release();
  }

  #stream(): ReturnType<typeof copyFrom> {
    if (!this.#copy) {
      const copy = this.#options.client.query(
        copyFrom(`COPY ${this.#stage} (kind, key, identifier, fields) FROM STDIN`),
      );
      copy.on('error', (error: Error) => (this.#copyError ??= error));
      this.#copy = copy;
    }
    return this.#copy;
  }

  async #release(): Promise<void> {
    const { client } = this.#options;
    let broken: Error | undefined;
    try {
      await client.query(`DROP TABLE IF EXISTS ${this.#stage}`);
    } catch (error) {
      broken = error as Error; // the connection itself is gone: do not hand it back to the pool
    }
    client.release(broken);
  }

  #failed(what: string, error: Error): FatalError {
    const why = isConnectionLoss(error)
      ? `the connection to the database was lost (${connectionMessage(error)})`
      : error.message;
    return new FatalError('POSTGRES_SINK_FAILED', `Could not ${what} the PostgreSQL user store: ${why}`, {
      cause: error,
    });
  }

  #assertOpen(): void {
    if (this.#finished) throw new FatalError('SINK_RUN_FINISHED', 'This sink run was already committed or aborted');
  }
}
