import type pg from 'pg';
import {
  memberStageFinished,
  type AbsentMember,
  type FatalError,
  type IdentifierKind,
  type MemberStage,
  type SinkIdentifier,
  type SyncOutcome,
  type SyncState,
} from 'tributary-kit';
import { identifierLines } from '../copy/copy-lines.js';
import { CopyStage } from '../copy/copy-stage.js';
import { SYNC_MEMBERS, SYNC_STATE } from '../schema.js';
import { storeFailure } from '../store-failure.js';
import { inClientTransaction } from '../transaction.js';
import { SYNC_STATE_COLUMNS, syncStateOf, type SyncStateRow } from './sync-state-row.js';

const STAGE_COLUMNS =
  'seq bigserial, kind text COLLATE "C" NOT NULL, key text COLLATE "C" NOT NULL, identifier text NOT NULL';
/** Sort and hash memory of the stage's statements (1,000,000 members take about 100 MB; more spill to temporary files). */
const WORK_MEM = '256MB';
/** A member of the connector that the stage does not hold (`m` is `sync_members`). */
const NOT_STAGED = (stage: string) =>
  `NOT EXISTS (SELECT 1 FROM ${stage} AS s WHERE s.kind = m.identifier_kind AND s.key = m.identifier_key)`;

/**
 * One run's members in PostgreSQL: identifiers stream into a TEMP table of a connection the stage
 * holds until it commits or aborts (COPY with backpressure, so a full read of millions of users
 * stays in bounded memory); `commit` applies them to `sync_members` and `sync_state` in ONE
 * transaction. A killed worker's stage disappears with its connection and changes nothing.
 */
export class PgMemberStage implements MemberStage {
  readonly #nqlId: string;
  readonly #stage: CopyStage;
  #finished = false;

  private constructor(nqlId: string, stage: CopyStage) {
    this.#nqlId = nqlId;
    this.#stage = stage;
  }

  static async open(pool: pg.Pool, nqlId: string): Promise<PgMemberStage> {
    return new PgMemberStage(nqlId, await CopyStage.open(pool, STAGE_COLUMNS, ['kind', 'key', 'identifier']));
  }

  async add(identifiers: readonly SinkIdentifier[]): Promise<void> {
    this.#assertOpen();
    try {
      await this.#stage.write(identifierLines(identifiers));
    } catch (error) {
      throw this.#failed("stage the run's members in", error as Error);
    }
  }

  async added(): Promise<number> {
    const { rows } = await this.#compare<{ n: number }>(
      `SELECT count(*) AS n FROM (SELECT DISTINCT kind, key FROM ${this.#stage.table}) AS s
       WHERE NOT EXISTS (SELECT 1 FROM ${SYNC_MEMBERS} AS m
         WHERE m.nql_id = $1 AND m.identifier_kind = s.kind AND m.identifier_key = s.key AND m.missed = 0)`,
    );
    return Number(rows[0]!.n);
  }

  async absent(): Promise<readonly AbsentMember[]> {
    const { rows } = await this.#compare<{ kind: IdentifierKind; identifier: string; missed: number }>(
      `SELECT m.identifier_kind AS kind, m.identifier, m.missed + 1 AS missed FROM ${SYNC_MEMBERS} AS m
       WHERE m.nql_id = $1 AND ${NOT_STAGED(this.#stage.table)}
       ORDER BY m.identifier_kind, m.identifier_key`,
    );
    return rows.map((r) => ({ identifier: { kind: r.kind, value: r.identifier }, missedFullReads: r.missed }));
  }

  async commit(outcome: SyncOutcome): Promise<SyncState> {
    this.#assertOpen();
    this.#finished = true;
    try {
      await this.#stage.finish();
      return await inClientTransaction(this.#stage.client, async (client) => {
        await client.query(`SET LOCAL work_mem = '${WORK_MEM}'`);
        await this.#applyMembers(client, outcome);
        return this.#writeState(client, outcome);
      });
    } catch (error) {
      throw this.#failed("commit the run's members to", error as Error);
    } finally {
      await this.#stage.release();
    }
  }

  async abort(): Promise<void> {
    if (this.#finished) return;
    this.#finished = true;
    await this.#stage.release();
  }

  /** Staged users present with their latest spelling; on a full read the others missed one more; the removed gone. */
  async #applyMembers(client: pg.ClientBase, outcome: SyncOutcome): Promise<void> {
    const stage = this.#stage.table;
    // Only users new, respelt or back from absence are written: one join instead of a conflict probe per user.
    await client.query(
      `INSERT INTO ${SYNC_MEMBERS} AS m (nql_id, identifier_kind, identifier_key, identifier, missed)
       SELECT $1::text, s.kind, s.key, s.identifier, 0
       FROM (SELECT DISTINCT ON (kind, key) kind, key, identifier FROM ${stage} ORDER BY kind, key, seq DESC) AS s
       LEFT JOIN ${SYNC_MEMBERS} AS held ON held.nql_id = $1 AND held.identifier_kind = s.kind AND held.identifier_key = s.key
       WHERE held.identifier IS DISTINCT FROM s.identifier OR held.missed <> 0
       ON CONFLICT (nql_id, identifier_kind, identifier_key) DO UPDATE SET identifier = excluded.identifier, missed = 0`,
      [this.#nqlId],
    );
    if (outcome.full)
      await client.query(
        `UPDATE ${SYNC_MEMBERS} AS m SET missed = m.missed + 1 WHERE m.nql_id = $1 AND ${NOT_STAGED(stage)}`,
        [this.#nqlId],
      );
    if (outcome.removed.length > 0)
      await client.query(
        `DELETE FROM ${SYNC_MEMBERS} AS m USING unnest($2::text[], $3::text[]) AS r (kind, key)
         WHERE m.nql_id = $1 AND m.identifier_kind = r.kind AND m.identifier_key = r.key`,
        [this.#nqlId, outcome.removed.map((r) => r.kind), outcome.removed.map((r) => r.value.toLowerCase())],
      );
  }

  /** The state row: the cursor when the run set one, the full read's time and unmatched rows, the counts. */
  async #writeState(client: pg.ClientBase, outcome: SyncOutcome): Promise<SyncState> {
    const { rows } = await client.query<SyncStateRow>(
      `INSERT INTO ${SYNC_STATE} AS st (${SYNC_STATE_COLUMNS})
       SELECT $1::text, $2::text, $3::timestamptz, coalesce($4::bigint, 0),
              count(*) FILTER (WHERE missed = 0), count(*) FILTER (WHERE missed > 0)
       FROM ${SYNC_MEMBERS} WHERE nql_id = $1
       ON CONFLICT (nql_id) DO UPDATE SET
         cursor = coalesce(excluded.cursor, st.cursor),
         last_full_at = coalesce(excluded.last_full_at, st.last_full_at),
         unmatched = CASE WHEN $4::bigint IS NULL THEN st.unmatched ELSE excluded.unmatched END,
         present = excluded.present, absent = excluded.absent
       RETURNING ${SYNC_STATE_COLUMNS}`,
      [
        this.#nqlId,
        outcome.cursor ?? null,
        outcome.full ? outcome.time : null,
        outcome.full ? outcome.unmatched : null,
      ],
    );
    return syncStateOf(rows[0]!);
  }

  /** A read comparing the stage with the connector's members, once what was added is stored and analysed. */
  async #compare<R extends pg.QueryResultRow>(sql: string): Promise<pg.QueryResult<R>> {
    this.#assertOpen();
    try {
      await this.#stage.finish();
      return await inClientTransaction(this.#stage.client, async (client) => {
        await client.query(`SET LOCAL work_mem = '${WORK_MEM}'`);
        return client.query<R>(sql, [this.#nqlId]);
      });
    } catch (error) {
      throw this.#failed("compare the run's members with", error as Error);
    }
  }

  #failed(what: string, error: Error): FatalError {
    return storeFailure('POSTGRES_SYNC_STATE_FAILED', `Could not ${what} the PostgreSQL sync state`, error);
  }

  #assertOpen(): void {
    if (this.#finished) throw memberStageFinished();
  }
}
