import type pg from 'pg';
import {
  ledgerStageFinished,
  ledgerPageQueries,
  numberPlaceholders,
  toLedgerEntry,
  toRunChanges,
  type ChangeLedger,
  type LedgerChange,
  type LedgerStage,
  type LedgerRow,
  type RunChanges,
  type SummaryRow,
} from 'tributary-kit';
import { copyValue } from '../copy/copy-lines.js';
import { CopyStage } from '../copy/copy-stage.js';
import { CHANGES } from '../schema.js';
import { storeFailure } from '../store-failure.js';
import { inClientTransaction } from '../transaction.js';

const STAGE_COLUMNS = `seq bigserial, kind text COLLATE "C" NOT NULL, key text COLLATE "C" NOT NULL,
  identifier text NOT NULL, field text COLLATE "C" NOT NULL, old_value text COLLATE "C", new_value text COLLATE "C",
  action text COLLATE "C" NOT NULL`;
const COPY_COLUMNS = ['kind', 'key', 'identifier', 'field', 'old_value', 'new_value', 'action'];

const SUMMARY = `SELECT nql_id, field, count(*) FILTER (WHERE action = 'added') AS added,
  count(*) FILTER (WHERE action = 'changed') AS changed, count(*) FILTER (WHERE action = 'cleared') AS cleared,
  count(*) FILTER (WHERE action = 'left') AS "left", count(*) FILTER (WHERE flip = 'true') AS flips
  FROM ${CHANGES} WHERE run_id = $1 GROUP BY nql_id, field ORDER BY field`;

/** A statement of {@link ledgerPageQueries} with PostgreSQL's numbered placeholders (the columns type them). */
const numbered = ({ sql, params }: { sql: string; params: readonly (string | number)[] }) =>
  numberPlaceholders(sql, params, () => '');

function lines(changes: readonly LedgerChange[]): string {
  let out = '';
  for (const c of changes)
    out += `${c.kind}\t${copyValue(c.identifier.toLowerCase())}\t${copyValue(c.identifier)}\t${copyValue(c.field)}\t${copyValue(c.oldValue)}\t${copyValue(c.newValue)}\t${c.action}\n`;
  return out;
}

/** One run's changes: COPY into a TEMP table of a connection held until the commit (bounded memory), then one INSERT … SELECT. */
async function openStage(pool: pg.Pool, runId: string, nqlId: string): Promise<LedgerStage> {
  const stage = await CopyStage.open(pool, STAGE_COLUMNS, COPY_COLUMNS);
  let finished = false;
  const assertOpen = (): void => {
    if (finished) throw ledgerStageFinished();
  };
  const failed = (what: string, error: unknown) =>
    storeFailure('POSTGRES_LEDGER_FAILED', `Could not ${what} the PostgreSQL change ledger`, error as Error);
  return {
    async add(changes) {
      assertOpen();
      try {
        await stage.write(lines(changes));
      } catch (error) {
        throw failed("stage the run's changes in", error);
      }
    },
    async commit(time): Promise<RunChanges> {
      assertOpen();
      finished = true;
      try {
        await stage.finish();
        const rows = await inClientTransaction(stage.client, async (client) => {
          // A change flips when the previous change of the same user's field by the same connector went the other way.
          await client.query(
            `INSERT INTO ${CHANGES} (time, run_id, nql_id, kind, identifier, user_key, field, old_value, new_value, action, flip)
             SELECT $1::text, $2::text, $3::text, s.kind, s.identifier, s.key, s.field, s.old_value, s.new_value, s.action,
               CASE WHEN s.action IN ('changed', 'cleared') AND coalesce((SELECT p.old_value IS NOT DISTINCT FROM s.new_value
                   AND p.new_value IS NOT DISTINCT FROM s.old_value FROM ${CHANGES} AS p
                 WHERE p.user_key = s.key AND p.nql_id = $3 AND p.kind = s.kind AND p.field = s.field
                 ORDER BY p.id DESC LIMIT 1), false) THEN 'true' ELSE 'false' END
             FROM ${stage.table} AS s ORDER BY s.key, s.field`,
            [time.toISOString(), runId, nqlId],
          );
          await client.query(
            `INSERT INTO ${CHANGES}_connectors (nql_id, since) VALUES ($1, $2) ON CONFLICT (nql_id) DO NOTHING`,
            [nqlId, time.toISOString()],
          );
          return (await client.query<SummaryRow>(SUMMARY, [runId])).rows;
        });
        return toRunChanges(runId, nqlId, rows);
      } catch (error) {
        throw failed("record the run's changes in", error);
      } finally {
        await stage.release();
      }
    },
    async abort() {
      if (finished) return;
      finished = true;
      await stage.release();
    },
  };
}

/**
 * The change ledger in `tributary.user_attribute_changes`, shared by every host of the cluster and
 * queried with NQL as `platform.user_attribute_changes`.
 */
export function pgChangeLedger(connect: () => Promise<pg.Pool>): ChangeLedger {
  return {
    stage: async ({ runId, nqlId }) => openStage(await connect(), runId, nqlId),
    async knows(nqlId) {
      const { rows } = await (await connect()).query(`SELECT 1 FROM ${CHANGES}_connectors WHERE nql_id = $1`, [nqlId]);
      return rows.length > 0;
    },
    async entries(filter) {
      const { count, page, offset, limit } = ledgerPageQueries(CHANGES, filter);
      const pool = await connect();
      const total = await pool.query<{ n: string }>(numbered(count), [...count.params]);
      const { rows } = await pool.query<LedgerRow>(numbered(page), [...page.params]);
      return { entries: rows.map(toLedgerEntry), total: Number(total.rows[0]!.n), offset, limit };
    },
    async summary(runId) {
      const { rows } = await (await connect()).query<SummaryRow>(SUMMARY, [runId]);
      return rows.length ? toRunChanges(runId, rows[0]!.nql_id, rows) : undefined;
    },
    async prune(before) {
      const { rowCount } = await (
        await connect()
      ).query(`DELETE FROM ${CHANGES} WHERE time < $1`, [before.toISOString()]);
      return rowCount ?? 0;
    },
  };
}
