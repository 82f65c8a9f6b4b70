import type pg from 'pg';
import type { ChangeReport, IdentifierKind, StoredChange } from 'tributary-kit';
import { storeFailure } from '../store-failure.js';

/** Changes fetched from the cursor per `report.add` call. */
const REPORT_CHUNK = 1000;

type ChangeRow = [kind: IdentifierKind, identifier: string, field: string, old: string | null, new: string | null];

/**
 * What a commit changed, in a TEMP table of the run's connection: one row per user and field it
 * writes or removes, with the value before (`old_value`, NULL for a field the user did not have) and
 * after (`new_value`, NULL once removed), as text (`value #>> '{}'`). Created inside the commit's
 * transaction (a rolled-back commit leaves none); `send` reads it out once the transaction committed,
 * then drops it; a rehearsal reads it out before it rolls the transaction back
 * (`sendUncommitted`). A row whose text is the same before and after is not sent.
 */
export class PgChangeTable {
  readonly name: string;
  readonly #client: pg.ClientBase;

  private constructor(client: pg.ClientBase, name: string) {
    this.#client = client;
    this.name = name;
  }

  static async create(client: pg.ClientBase, name: string): Promise<PgChangeTable> {
    await client.query(`CREATE TEMP TABLE ${name} (
      user_id    bigint NOT NULL,
      field      text COLLATE "C" NOT NULL,
      old_value  text,
      new_value  text,
      kind       text, -- set for removed values: their user may be gone after the commit
      identifier text,
      PRIMARY KEY (user_id, field))`);
    return new PgChangeTable(client, name);
  }

  /**
   * Sends every row whose value changed to `report` through a cursor, REPORT_CHUNK at a time (each
   * call awaited before the next), each user named as the table `users` keeps it (a removed user as
   * it was); then drops the table, also when `report` throws: its error propagates as it is.
   */
  async send(report: ChangeReport, users: string): Promise<void> {
    const client = this.#client;
    let open = false;
    try {
      await read(() => client.query('BEGIN READ ONLY'));
      open = true;
      await this.#stream(report, users, read);
      await read(() => client.query('COMMIT'));
      open = false;
    } finally {
      if (open) await client.query('ROLLBACK').catch(() => undefined);
      await this.drop();
    }
  }

  /**
   * The same, inside the transaction that filled the table and is still open (a rehearsal's, which
   * rolls it back: the table goes with it). A failing statement becomes `failure`'s error.
   */
  async sendUncommitted(report: ChangeReport, users: string, failure: (error: Error) => Error): Promise<void> {
    await this.#stream(report, users, async (statement) => {
      try {
        return await statement();
      } catch (error) {
        throw failure(error as Error);
      }
    });
  }

  /** Declares the cursor (the transaction's end closes it) and sends its rows; `statements` runs each statement. */
  async #stream(
    report: ChangeReport,
    users: string,
    statements: <T>(statement: () => Promise<T>) => Promise<T>,
  ): Promise<void> {
    const client = this.#client;
    await statements(() =>
      client.query(`DECLARE ${this.name}_cursor NO SCROLL CURSOR FOR
        SELECT coalesce(c.kind, u.identifier_kind), coalesce(c.identifier, u.identifier), c.field, c.old_value, c.new_value
        FROM ${this.name} AS c LEFT JOIN ${users} AS u ON u.id = c.user_id
        WHERE c.old_value IS DISTINCT FROM c.new_value`),
    );
    for (;;) {
      const { rows } = await statements(() =>
        client.query<ChangeRow>({ text: `FETCH ${REPORT_CHUNK} FROM ${this.name}_cursor`, rowMode: 'array' }),
      );
      if (rows.length > 0) await report.add(rows.map(storedChange));
      if (rows.length < REPORT_CHUNK) return;
    }
  }

  /** Drops the table; a connection that cannot is broken, and its temporary tables go with it. */
  async drop(): Promise<void> {
    await this.#client.query(`DROP TABLE IF EXISTS ${this.name}`).catch(() => undefined);
  }
}

/** Runs a statement reading the changes; a failure says that the commit itself went through. */
async function read<T>(statement: () => Promise<T>): Promise<T> {
  try {
    return await statement();
  } catch (error) {
    throw storeFailure(
      'POSTGRES_CHANGES_UNREAD',
      'Committed to the PostgreSQL user store, but could not read back what the commit changed',
      error as Error,
    );
  }
}

function storedChange([kind, value, field, oldValue, newValue]: ChangeRow): StoredChange {
  return { identifier: { kind, value }, field, oldValue, newValue };
}
