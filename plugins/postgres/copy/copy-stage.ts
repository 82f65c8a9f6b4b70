import { once } from 'node:events';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

let counter = 0;

/**
 * A TEMP table of one pooled connection, filled through `COPY … FROM STDIN`: a write resolves once
 * the stream takes more (its backpressure pauses the writer), so memory stays bounded however many
 * lines go in. Being temporary, the table disappears with its connection (a killed worker leaves
 * nothing behind). Errors are the driver's own: the caller says what failed.
 */
export class CopyStage {
  readonly table: string;
  readonly client: pg.PoolClient;
  readonly #copyColumns: string;
  #copy: ReturnType<typeof copyFrom> | undefined;
  #copyError: Error | undefined;
  #unanalysed = false;
  #released = false;

  private constructor(client: pg.PoolClient, table: string, copyColumns: string) {
    this.client = client;
    this.table = table;
    this.#copyColumns = copyColumns;
  }

  /**
   * Takes a connection of `pool` for the stage's life and creates the table on it with the column
   * definitions `columns`; COPY fills `copyColumns` (the others take their defaults).
   */
  static async open(pool: pg.Pool, columns: string, copyColumns: readonly string[]): Promise<CopyStage> {
    const table = `tributary_stage_${process.pid}_${++counter}`;
    const client = await pool.connect();
    try {
      await client.query(`CREATE TEMP TABLE ${table} (${columns})`);
    } catch (error) {
      client.release(error as Error);
      throw error;
    }
    return new CopyStage(client, table, copyColumns.join(', '));
  }

  /** Sends COPY text lines; resolves when the stream takes more. */
  async write(lines: string): Promise<void> {
    if (lines === '') return;
    const copy = this.#stream();
    if (this.#copyError) throw this.#copyError;
    this.#unanalysed = true;
    if (!copy.write(lines)) await Promise.race([once(copy, 'drain'), once(copy, 'error')]).catch(() => undefined);
    if (this.#copyError) throw this.#copyError;
  }

  /**
   * Ends the COPY in progress and waits until the server stored it, then gives the table statistics
   * if lines came in since the last time (autovacuum never analyses a temporary table: without them
   * the planner joins it as if it were tiny). The table can then be queried; a later write starts
   * another COPY.
   */
  async finish(): Promise<void> {
    const copy = this.#copy;
    if (copy) {
      this.#copy = undefined;
      copy.end();
      if (!copy.writableFinished && !this.#copyError) await Promise.race([once(copy, 'finish'), once(copy, 'error')]);
      if (this.#copyError) throw this.#copyError;
    }
    if (this.#unanalysed) {
      await this.client.query(`ANALYZE ${this.table}`);
      this.#unanalysed = false;
    }
  }

  /**
   * Drops the table and hands the connection back to the pool, once. A COPY in progress is cancelled
   * (the server discards what it received); a connection that cannot drop the table is broken and is
   * discarded instead.
   */
  async release(): Promise<void> {
    if (this.#released) return;
    this.#released = true;
    const copy = this.#copy;
    if (copy && !copy.destroyed && !copy.writableFinished) copy.destroy(new Error('staging cancelled'));
    let broken: Error | undefined;
    try {
      await this.client.query(`DROP TABLE IF EXISTS ${this.table}`);
    } catch (error) {
      broken = error as Error;
    }
    this.client.release(broken);
  }

  #stream(): ReturnType<typeof copyFrom> {
    if (!this.#copy) {
      const copy = this.client.query(copyFrom(`COPY ${this.table} (${this.#copyColumns}) FROM STDIN`));
      copy.on('error', (error: Error) => (this.#copyError ??= error));
      this.#copy = copy;
    }
    return this.#copy;
  }
}
