import type { ChangeAction } from './change-action.js';
import type { LedgerEntry, LedgerFilter, RunChanges } from './change-ledger.js';

/** Entries a page holds when the filter names no limit. */
const LEDGER_PAGE = 100;

/** A row of `user_attribute_changes` as both SQL stores return it. */
export interface LedgerRow {
  time: string;
  run_id: string;
  nql_id: string;
  kind: string;
  identifier: string;
  field: string;
  old_value: string | null;
  new_value: string | null;
  action: string;
  flip: string;
}

/** One field's counts in a run, as the summary query returns them. */
export interface SummaryRow {
  nql_id: string;
  field: string;
  added: number | string;
  changed: number | string;
  cleared: number | string;
  left: number | string;
  flips: number | string;
}

/** One page of a ledger filter, as two statements with `?` placeholders (a store numbers them as its engine needs). */
export interface LedgerPageQueries {
  readonly offset: number;
  readonly limit: number;
  /** `n`: how many entries match. */
  readonly count: { readonly sql: string; readonly params: readonly (string | number)[] };
  /** The page's rows, newest first (the last recorded first). */
  readonly page: { readonly sql: string; readonly params: readonly (string | number)[] };
}

/** The statements of one page of `filter` over `table` (qualified as the store needs it). */
export function ledgerPageQueries(table: string, filter: LedgerFilter): LedgerPageQueries {
  const terms: string[] = ['true'];
  const params: string[] = [];
  const add = (sql: string, value: string | undefined): void => {
    if (value === undefined) return;
    terms.push(sql);
    params.push(value);
  };
  add('user_key = ?', filter.user?.toLowerCase());
  add('run_id = ?', filter.runId);
  add('nql_id = ?', filter.nqlId);
  add('field = ?', filter.field);
  add('action = ?', filter.action);
  if (filter.flips) terms.push(`flip = 'true'`);
  const where = `FROM ${table} WHERE ${terms.join(' AND ')}`;
  const offset = filter.offset ?? 0;
  const limit = filter.limit ?? LEDGER_PAGE;
  return {
    offset,
    limit,
    count: { sql: `SELECT count(*) AS n ${where}`, params },
    page: { sql: `SELECT * ${where} ORDER BY id DESC LIMIT ? OFFSET ?`, params: [...params, limit, offset] },
  };
}

export function toLedgerEntry(row: LedgerRow): LedgerEntry {
  return {
    time: row.time,
    runId: row.run_id,
    nqlId: row.nql_id,
    kind: row.kind,
    identifier: row.identifier,
    field: row.field,
    oldValue: row.old_value,
    newValue: row.new_value,
    action: row.action as ChangeAction,
    flip: row.flip === 'true',
  };
}

export function toRunChanges(runId: string, nqlId: string, rows: readonly SummaryRow[]): RunChanges {
  const fields = rows.map((r) => ({
    field: r.field,
    added: Number(r.added),
    changed: Number(r.changed),
    cleared: Number(r.cleared),
    left: Number(r.left),
    flips: Number(r.flips),
  }));
  const total = fields.reduce((sum, f) => sum + f.added + f.changed + f.cleared + f.left, 0);
  return { runId, nqlId, total, fields };
}
