/**
 * The execution log's stores without SQLite (for a host that has none) keep the kit's contracts and
 * answer as the SQLite stores do, row for row.
 */
import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type {
  BaselineStore,
  ChangeLedger,
  LedgerChange,
  LedgerFilter,
  RunBaseline,
  SinkIdentifier,
  SyncOutcome,
  SyncStateStore,
} from '../../../core/index.js';
import { describeChangeLedger, describeSyncStateStore } from '../../../testing/index.js';
import { LOG_DB_FILE, openLogStore, type LogStore } from '../store/log-store.js';
import { memoryBaselineStore } from '../store/memory-baseline-store.js';
import { compareCodePoints } from '../../../core/index.js';
import { memoryChangeLedger } from '../store/memory-change-ledger.js';
import { memorySyncStateStore } from '../store/memory-sync-state-store.js';
import { openSqlite } from '../store/open-sqlite.js';
import type { SqliteDatabase } from '../store/sqlite-database.js';

const T0 = new Date('2026-12-01T10:00:00.000Z');
const at = (minutes: number): Date => new Date(T0.getTime() + minutes * 60_000);
/** A character above U+FFFF, and one of U+E000-U+FFFF: SQLite orders them by code point, JavaScript's `<` the other way. */
const ASTRAL = '\u{1D49C}';
const LIGATURE = '\uFB01';

describeChangeLedger('in memory (no SQLite)', async () => ({ ledger: memoryChangeLedger(), teardown: async () => {} }));

describeSyncStateStore('in memory (no SQLite)', async () => {
  const store = memorySyncStateStore();
  return { store, members: async (nqlId) => store.members(nqlId), teardown: async () => {} };
});

/** The SQLite stores in a file of a temp dir, and a second connection that reads their tables. */
interface SqliteSide {
  readonly log: LogStore;
  readonly db: SqliteDatabase;
}

describe('execution-log stores in memory, next to the SQLite ones', () => {
  let dir: string;
  let sqlite: SqliteSide;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'tributary-memory-stores-'));
    const log = openLogStore({ stateDir: dir });
    sqlite = { log, db: openSqlite(join(dir, LOG_DB_FILE)) };
  });
  afterEach(async () => {
    sqlite.db.close();
    await sqlite.log.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('orders text as SQLite does: by code point', () => {
    const words = ['b', `${ASTRAL}a`, `${LIGATURE}z`, 'ab', 'a', '', `${ASTRAL}`];
    const ordered = sqlite.db
      .prepare(`SELECT w FROM (${words.map(() => 'SELECT ? AS w').join(' UNION ALL ')}) ORDER BY w`)
      .all(...words)
      .map((r) => (r as { w: string }).w);
    expect([...words].sort(compareCodePoints)).to.deep.equal(ordered);
    expect(ordered.indexOf(`${LIGATURE}z`)).to.be.below(ordered.indexOf(ASTRAL));
    expect([...words].sort(), "JavaScript's own order").to.not.deep.equal(ordered);
  });

  it('records, flags, pages, sums up and prunes a ledger as SQLite does, row for row', async () => {
    const memory = memoryChangeLedger();
    const answers = [await ledgerScenario(sqlite.log.changes), await ledgerScenario(memory)];
    expect(answers[1]).to.deep.equal(answers[0]);
    const rows = sqlite.db
      .prepare(
        `SELECT time, run_id, nql_id, kind, identifier, user_key, field, old_value, new_value, action, flip
         FROM user_attribute_changes ORDER BY id`,
      )
      .all();
    expect(memory.rows()).to.deep.equal(rows);
    // What both must have done, so that they cannot agree on doing nothing.
    const flips = memory.rows().filter((r) => r.flip === 'true');
    expect(flips.map((r) => `${r.run_id} ${r.identifier}`)).to.deep.equal([
      'run-3 ANN@x.org',
      'run-3 BOB@x.org',
      `run-3 ${ASTRAL}@x.org`,
      `run-5 ${ASTRAL}@x.org`,
      'late-c ann@x.org',
    ]);
    expect([...new Set(memory.rows().map((r) => r.run_id))]).to.deep.equal([
      'run-2',
      'run-3',
      'late-a',
      'run-5',
      'late-c',
    ]);
  });

  it('keeps cursors and members as SQLite does', async () => {
    const memory = memorySyncStateStore();
    const members = sqlite.db.prepare(
      `SELECT identifier || ':' || missed AS m FROM sync_members WHERE nql_id = ? ORDER BY key`,
    );
    const answers = [await syncScenario(sqlite.log.syncState), await syncScenario(memory)];
    expect(answers[1]).to.deep.equal(answers[0]);
    for (const nqlId of ['people', 'badges'])
      expect(memory.members(nqlId)).to.deep.equal(members.all(nqlId).map((r) => (r as { m: string }).m));
    expect(memory.members('people')).to.have.length(4);
  });

  it('keeps a baseline per connector as SQLite does, as a copy', async () => {
    const memory = memoryBaselineStore();
    const answers = [await baselineScenario(sqlite.log.baselines), await baselineScenario(memory)];
    expect(answers[1]).to.deep.equal(answers[0]);
    expect(answers[1]).to.deep.equal([
      undefined,
      { nqlId: 'people', runId: 'r1', time: at(1), processedRows: 3, fields: { email: 2, title: 1 } },
      { nqlId: 'people', runId: 'r1', time: at(1), processedRows: 3, fields: { email: 2, title: 1 } },
      { nqlId: 'people', runId: 'r2', time: at(2), processedRows: 4, fields: { email: 4 } },
      undefined,
    ]);
  });
});

const change = (
  identifier: string,
  field: string,
  oldValue: string | null,
  newValue: string | null,
  action: LedgerChange['action'],
  kind = 'upn',
): LedgerChange => ({ kind, identifier, field, oldValue, newValue, action });

/**
 * Runs of three connectors (one committing with an earlier time than the run before it), an aborted
 * stage, flips, pages and a prune; returns every answer the ledger gave.
 */
async function ledgerScenario(ledger: ChangeLedger): Promise<unknown[]> {
  const answers: unknown[] = [];
  const record = async (runId: string, nqlId: string, time: Date, ...batches: LedgerChange[][]): Promise<void> => {
    const stage = await ledger.stage({ runId, nqlId });
    for (const batch of batches) await stage.add(batch);
    answers.push(await stage.commit(time));
  };
  const look = async (): Promise<void> => {
    const filters: LedgerFilter[] = [
      {},
      { offset: 2, limit: 3 },
      { offset: 100 },
      { limit: 0 },
      { offset: -2, limit: -1 },
      { user: `${ASTRAL}@X.ORG` },
      { user: 'ann@x.org', field: 'department' },
      { flips: true },
      { flips: false, action: 'changed' },
      { nqlId: 'other' },
      { runId: 'run-3', field: 'title' },
      { action: 'cleared' },
    ];
    for (const filter of filters) answers.push(await ledger.entries(filter));
    for (const runId of ['run-1', 'run-2', 'run-3', 'run-4', 'run-5', 'late-c', 'missing'])
      answers.push(await ledger.summary(runId));
    for (const nqlId of ['people', 'other', 'late', 'never']) answers.push(await ledger.knows(nqlId));
  };

  await record(
    'run-1',
    'people',
    T0,
    [
      change(`${ASTRAL}@x.org`, 'department', null, 'Sales', 'added'),
      change(`${LIGATURE}n@x.org`, 'department', null, 'Ops', 'added'),
    ],
    [change('Bob@x.org', 'title', null, 'Dev', 'added'), change('bob@x.org', 'department', null, 'Ops', 'added')],
    [change('ann@x.org', 'department', null, 'Sales', 'added', 'email')],
  );
  const aborted = await ledger.stage({ runId: 'run-x', nqlId: 'people' });
  await aborted.add([change('ann@x.org', 'department', 'Sales', 'Ops', 'changed', 'email')]);
  await aborted.abort();
  await record(
    'run-2',
    'people',
    at(10),
    [
      change(`${ASTRAL}@x.org`, 'department', 'Sales', 'Ops', 'changed'),
      change('bob@x.org', 'title', 'Dev', '', 'cleared'),
    ],
    [change('ann@x.org', 'department', 'Sales', 'Legal', 'changed', 'email')],
  );
  await record(
    'run-3',
    'people',
    at(20),
    [
      change(`${ASTRAL}@x.org`, 'department', 'Ops', 'Sales', 'changed'),
      change('BOB@x.org', 'title', '', 'Dev', 'changed'),
    ],
    [change('ANN@x.org', 'department', 'Legal', 'Sales', 'changed', 'email')],
    [change('zed@x.org', 'title', 'Dev', null, 'left'), change('ann@x.org', 'title', 'Lead', 'Dev', 'changed')],
  );
  await record('run-4', 'other', at(5), [change(`${ASTRAL}@x.org`, 'department', 'Sales', 'Ops', 'changed')]);
  // The last run of `late` commits with an earlier time: the prune deletes it and keeps the run before.
  await record('late-a', 'late', at(50), [change('ann@x.org', 'title', 'A', 'B', 'changed')]);
  await record('late-b', 'late', at(1), [change('ann@x.org', 'title', 'B', 'C', 'changed')]);
  await record('empty', 'never-changed', at(60));
  await look();

  answers.push(await ledger.prune(at(8)));
  await record('run-5', 'people', at(30), [
    change(`${ASTRAL}@x.org`, 'department', 'Sales', 'Ops', 'changed'),
    change(`${LIGATURE}n@x.org`, 'department', 'Ops', 'Sales', 'changed'),
  ]);
  await record('late-c', 'late', at(40), [change('ann@x.org', 'title', 'B', 'A', 'changed')]);
  await look();
  answers.push(await ledger.prune(at(8)));
  return answers;
}

const identifier = (value: string, kind: SinkIdentifier['kind'] = 'upn'): SinkIdentifier => ({ kind, value });

/**
 * A connector whose first run is a change read, then full reads with users of two kinds and
 * spellings, removals and an abort; returns every answer the store gave.
 */
async function syncScenario(store: SyncStateStore): Promise<unknown[]> {
  const answers: unknown[] = [];
  const run = async (nqlId: string, users: readonly SinkIdentifier[], outcome: Partial<SyncOutcome>): Promise<void> => {
    const stage = await store.stage(nqlId, `run-${answers.length}`);
    await stage.add(users);
    answers.push(await stage.added(), await stage.absent());
    const complete = { full: true, cursor: undefined, unmatched: 0, removed: [], time: T0, ...outcome };
    answers.push(await stage.commit(complete), await store.read(nqlId));
  };
  answers.push(await store.read('people'));
  await run('people', [identifier('b@x.org'), identifier('a@x.org', 'email')], {
    full: false,
    cursor: 'c1',
    unmatched: 4,
  });
  await run(
    'people',
    [identifier(`${ASTRAL}@x.org`), identifier(`${LIGATURE}@x.org`), identifier('B@x.org'), identifier('c@x.org')],
    { cursor: 'c2', unmatched: 2, time: at(1) },
  );
  await run('people', [identifier('c@x.org'), identifier('C@X.org')], { unmatched: 1, time: at(2) });
  await run('badges', [identifier('c@x.org')], { full: false });
  await run('people', [identifier('A@x.org', 'email')], {
    full: false,
    cursor: 'c3',
    removed: [identifier('B@X.ORG')],
  });
  const aborted = await store.stage('people', 'aborted');
  await aborted.add([identifier('d@x.org')]);
  answers.push(await aborted.absent());
  await aborted.abort();
  answers.push(await store.read('people'));
  return answers;
}

/** Writes, replaces and reads baselines, changing the objects written and read; returns what it read. */
async function baselineScenario(store: BaselineStore): Promise<Array<RunBaseline | undefined>> {
  const read: Array<RunBaseline | undefined> = [await store.read('people')];
  const fields: Record<string, number> = { email: 2, title: 1 };
  const written = { nqlId: 'people', runId: 'r1', time: at(1), processedRows: 3, fields };
  await store.write(written);
  fields.email = 99;
  written.time.setTime(0);
  const first = await store.read('people');
  read.push(structuredClone(first));
  (first?.fields as Record<string, number>).email = 7;
  first?.time.setTime(0);
  read.push(await store.read('people'));
  await store.write({ nqlId: 'people', runId: 'r2', time: at(2), processedRows: 4, fields: { email: 4 } });
  read.push(await store.read('people'), await store.read('other'));
  return read;
}
