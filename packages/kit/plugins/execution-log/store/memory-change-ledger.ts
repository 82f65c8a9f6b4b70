import {
  CHANGES_TABLE,
  compareCodePoints,
  ledgerPageQueries,
  ledgerStageFinished,
  toLedgerEntry,
  toRunChanges,
  type ChangeAction,
  type ChangeLedger,
  type LedgerChange,
  type LedgerFilter,
  type LedgerPage,
  type LedgerRow,
  type LedgerStage,
  type RunChanges,
  type SummaryRow,
} from '../../../core/index.js';

/** A row of `user_attribute_changes` as SQLite holds it; its id is its place in the array. */
type StoredRow = Readonly<LedgerRow & { user_key: string }>;

/** A staged change with the key (the lower-cased identifier) the SQLite stage table gives it. */
type StagedChange = LedgerChange & { readonly key: string };

/** The key of a user's field per connector and identifier kind: what a change may flip back. */
const slot = (nqlId: string, kind: string, key: string, field: string): string =>
  JSON.stringify([nqlId, kind, key, field]);

/** One field's counts in a run, as the SQLite summary query gives them. */
type FieldCounts = SummaryRow & Record<ChangeAction | 'flips', number>;

/** The rows of `runId` counted per connector and field, ordered by field, as the SQLite summary query gives them. */
function summarise(rows: readonly StoredRow[], runId: string): FieldCounts[] {
  const groups = new Map<string, FieldCounts>();
  for (const row of rows) {
    if (row.run_id !== runId) continue;
    const group = JSON.stringify([row.nql_id, row.field]);
    let counts = groups.get(group);
    if (!counts) {
      counts = { nql_id: row.nql_id, field: row.field, added: 0, changed: 0, cleared: 0, left: 0, flips: 0 };
      groups.set(group, counts);
    }
    counts[row.action as ChangeAction] += 1;
    if (row.flip === 'true') counts.flips += 1;
  }
  return [...groups.values()].sort(
    (a, b) => compareCodePoints(a.field, b.field) || compareCodePoints(a.nql_id, b.nql_id),
  );
}

/** Which rows a filter selects: each criterion given is a column that must hold the value (the user lower-cased). */
function criteria(filter: LedgerFilter): Array<[keyof StoredRow, string]> {
  const wanted: Array<[keyof StoredRow, string | undefined]> = [
    ['user_key', filter.user?.toLowerCase()],
    ['run_id', filter.runId],
    ['nql_id', filter.nqlId],
    ['field', filter.field],
    ['action', filter.action],
    ['flip', filter.flips ? 'true' : undefined],
  ];
  return wanted.filter((c): c is [keyof StoredRow, string] => c[1] !== undefined);
}

/** Where a stage's changes go when it commits: they are recorded at `time` and counted. */
type StageRecorder = (staged: readonly StagedChange[], time: Date) => RunChanges;

/** A stage that keeps its changes until `commit` hands them to `record`. */
function openStage(record: StageRecorder): LedgerStage {
  let staged: StagedChange[] = [];
  let finished = false;
  const assertOpen = (): void => {
    if (finished) throw ledgerStageFinished();
  };
  const finish = (): void => {
    finished = true;
    staged = [];
  };
  return {
    add: (changes) => {
      assertOpen();
      // Copies, as SQLite's stage table holds values: the caller may reuse its objects; an absent value is NULL.
      const copies = changes.map((c) => ({
        kind: c.kind,
        key: c.identifier.toLowerCase(),
        identifier: c.identifier,
        field: c.field,
        oldValue: c.oldValue ?? null,
        newValue: c.newValue ?? null,
        action: c.action,
      }));
      for (const copy of copies) staged.push(copy);
    },
    async commit(time): Promise<RunChanges> {
      assertOpen();
      try {
        return record(staged, time);
      } finally {
        finish();
      }
    },
    abort: async () => finish(),
  };
}

/**
 * A run's staged changes as rows at `time`, each flagged when it undoes the last committed change of its
 * field (`latest`). SQLite inserts them ordered by key and field, and compares them with the rows
 * committed before only: its statement reads the table it inserts into, so it selects every row first.
 */
function toRows(
  staged: readonly StagedChange[],
  latest: ReadonlyMap<string, StoredRow>,
  run: { readonly runId: string; readonly nqlId: string; readonly time: string },
): StoredRow[] {
  return [...staged]
    .sort((a, b) => compareCodePoints(a.key, b.key) || compareCodePoints(a.field, b.field))
    .map((s) => {
      const previous = latest.get(slot(run.nqlId, s.kind, s.key, s.field));
      const flip =
        (s.action === 'changed' || s.action === 'cleared') &&
        previous?.old_value === s.newValue &&
        previous.new_value === s.oldValue;
      return Object.freeze({
        time: run.time,
        run_id: run.runId,
        nql_id: run.nqlId,
        kind: s.kind,
        identifier: s.identifier,
        user_key: s.key,
        field: s.field,
        old_value: s.oldValue,
        new_value: s.newValue,
        action: s.action,
        flip: flip ? 'true' : 'false',
      });
    });
}

/** One page of `rows` (oldest first) as the shared statements select it: newest first. */
function page(rows: readonly StoredRow[], filter: LedgerFilter): LedgerPage {
  // The shared statements give the page's offset and limit with their defaults.
  const { offset, limit } = ledgerPageQueries(CHANGES_TABLE, filter);
  const terms = criteria(filter);
  const matching = rows.filter((row) => terms.every(([column, value]) => row[column] === value)).reverse();
  // SQLite reads a negative offset as none and a negative limit as no limit.
  const from = Math.max(offset, 0);
  const entries = matching.slice(from, limit < 0 ? undefined : from + limit).map(toLedgerEntry);
  return { entries, total: matching.length, offset, limit };
}

/**
 * The change ledger without SQLite, for a host that has none (the kit's test host on Node.js 20 without
 * better-sqlite3): it keeps what `sqliteChangeLedger` keeps and answers as it does, down to the order
 * and text of each row. `rows()` gives the committed rows, oldest first, keyed by the columns of the
 * table `user_attribute_changes`, for an NQL evaluator to query as `platform.user_attribute_changes`.
 * Like SQLite's, it reads no clock: a row's time is its commit's, and the retention the time `prune` is given.
 */
export function memoryChangeLedger(): ChangeLedger & { rows(): readonly Readonly<Record<string, string | null>>[] } {
  let rows: StoredRow[] = [];
  /** The last row of each user's field, per connector and kind (a map, not a scan: a run may flip-check thousands). */
  const latest = new Map<string, StoredRow>();
  /** The connectors a run was committed for, kept beyond the retention as the `_connectors` table does. */
  const connectors = new Set<string>();
  const index = (row: StoredRow): void => void latest.set(slot(row.nql_id, row.kind, row.user_key, row.field), row);
  const recorder =
    (runId: string, nqlId: string): StageRecorder =>
    (staged, time) => {
      for (const row of toRows(staged, latest, { runId, nqlId, time: time.toISOString() })) {
        rows.push(row);
        index(row);
      }
      connectors.add(nqlId);
      return toRunChanges(runId, nqlId, summarise(rows, runId));
    };
  return {
    stage: async ({ runId, nqlId }) => openStage(recorder(runId, nqlId)),
    knows: async (nqlId) => connectors.has(nqlId),
    entries: async (filter) => page(rows, filter),
    async summary(runId) {
      const counts = summarise(rows, runId);
      return counts.length ? toRunChanges(runId, counts[0]!.nql_id, counts) : undefined;
    },
    async prune(before) {
      const cutoff = before.toISOString();
      const kept = rows.filter((row) => compareCodePoints(row.time, cutoff) >= 0);
      const pruned = rows.length - kept.length;
      if (pruned > 0) {
        // A run may commit with an earlier time than the one before it: the last row of a field may go
        // while an earlier one stays, and is then the one a change may flip back.
        rows = kept;
        latest.clear();
        for (const row of rows) index(row);
      }
      return pruned;
    },
    rows: () => [...rows],
  };
}
