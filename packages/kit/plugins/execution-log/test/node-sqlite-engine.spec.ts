/**
 * The execution log's stores over either SQLite engine: better-sqlite3 when it loads, else Node's
 * `node:sqlite` (Node.js 22.13 and later). What needs an engine this Node.js lacks is pending.
 */
import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { NQL_EXAMPLES, queryLogs, type RunResult } from '../../../core/index.js';
import { describeChangeLedger, describeControlStore, describeSyncStateStore } from '../../../testing/index.js';
import { LOG_DB_FILE, openLogStore } from '../store/log-store.js';
import { openControlStore } from '../store/open-control-store.js';
import { installedEngines, openSqlite, type SqliteEngines } from '../store/open-sqlite.js';
import type { SqliteDatabase } from '../store/sqlite-database.js';
import { openSqliteControlStore } from '../store/sqlite-control-store.js';
import { SqliteUnavailableError } from '../store/sqlite-unavailable-error.js';
import { fakeResult } from './fake-run.js';

const notLoadable = (): never => {
  throw new Error("Cannot find module 'better-sqlite3'");
};
/** node:sqlite alone, whatever else is installed. */
const nodeSqliteOnly: SqliteEngines = { betterSqlite3: notLoadable, nodeSqlite: installedEngines.nodeSqlite };
/** No SQLite at all: Node.js 20 without better-sqlite3. */
const neither: SqliteEngines = { betterSqlite3: notLoadable, nodeSqlite: () => undefined };
/** better-sqlite3 alone. */
const betterSqlite3Only: SqliteEngines = { betterSqlite3: installedEngines.betterSqlite3, nodeSqlite: () => undefined };

const hasNodeSqlite = installedEngines.nodeSqlite() !== undefined;
const hasBetterSqlite3 = ((): boolean => {
  try {
    installedEngines.betterSqlite3();
    return true;
  } catch {
    return false;
  }
})();
const ENGINES = [
  { name: 'better-sqlite3', engines: betterSqlite3Only, available: hasBetterSqlite3 },
  { name: 'node:sqlite', engines: nodeSqliteOnly, available: hasNodeSqlite },
] as const;

const NOW = new Date('2026-11-25T12:00:00.000Z');
const ago = (hours: number): Date => new Date(NOW.getTime() - hours * 3_600_000);
const ENTRIES: Partial<RunResult>[] = [
  { runId: 'r1', name: 'Salesforce users', status: 'success', endedAt: ago(1), receivedRows: 100, host: 'a:1' },
  {
    runId: 'r2',
    name: 'Salesforce users',
    status: 'partial',
    endedAt: ago(48),
    receivedRows: 3_000_001,
    description: 'Too many rows received',
    scheduledFor: ago(48.5),
  },
  { runId: 'r3', name: 'Workday Users', nqlId: 'workday', status: 'failure', endedAt: ago(100), receivedRows: 0 },
  { runId: 'r4', name: 'ΟΔΟΣ İstanbul [eu]', nqlId: 'greek', status: 'failure', endedAt: ago(0.5), receivedRows: 7 },
  { runId: 'r5', name: 'Ünïcode Ñame', nqlId: 'unicode', status: 'success', endedAt: ago(2), dryRun: true },
];
const T = 'platform.inbound_connector_logs';
const QUERIES = [
  undefined,
  T,
  ...NQL_EXAMPLES,
  `${T} | where details.name == "ΟΔΟΣ *[EU]" | list details.run_id`,
  `${T} | where details.name == "ünïcode*" or details.name == "?orkday users" | list details.run_id, details.dry_run`,
  `${T} during past 3d | summarize runs = count() by details.name | sort runs desc, details.name asc`,
  `${T} | where details.number_of_received_rows > 50 | sort details.number_of_received_rows asc | limit 1`,
];

/** Every query's columns and rows, on a log holding ENTRIES, and the connectors it lists. */
async function roundTrip(engines: SqliteEngines): Promise<unknown> {
  const store = openLogStore({ stateDir: ':memory:', engines });
  try {
    for (const entry of ENTRIES) await store.append(fakeResult(entry));
    const answers = [];
    for (const query of QUERIES) answers.push(await queryLogs(store, query, NOW));
    return { answers, connectors: await store.connectors() };
  } finally {
    await store.close();
  }
}

describe('execution-log stores: the SQLite engine', () => {
  describe('which engine opens', () => {
    it('is better-sqlite3 when it loads, node:sqlite not even asked for', () => {
      const opened: string[] = [];
      class BetterSqlite3 {
        constructor(file: string) {
          opened.push(file);
        }
      }
      const db = openSqlite('log.db', {
        betterSqlite3: () => BetterSqlite3 as unknown as new (file: string) => SqliteDatabase,
        nodeSqlite: () => expect.fail('node:sqlite asked for'),
      });
      expect(opened).to.deep.equal(['log.db']);
      expect(db).to.be.instanceOf(BetterSqlite3);
    });

    it('is node:sqlite when better-sqlite3 cannot be loaded', () => {
      const opened: string[] = [];
      const db = openSqlite('log.db', {
        betterSqlite3: notLoadable,
        nodeSqlite: () => ({
          DatabaseSync: class {
            readonly isOpen = true;
            constructor(file: string) {
              opened.push(file);
            }
          } as never,
        }),
      });
      expect(opened).to.deep.equal(['log.db']);
      expect(db.open).to.equal(true);
    });

    it('is neither without better-sqlite3 on a Node.js without node:sqlite: a log on a file fails with a coded config error saying what to do', () => {
      const dir = mkdtempSync(join(tmpdir(), 'tributary-no-sqlite-'));
      try {
        for (const open of [
          () => openSqlite(':memory:', neither),
          () => openLogStore({ stateDir: dir, engines: neither }),
          () => openControlStore(join(dir, LOG_DB_FILE), neither),
        ]) {
          let thrown: unknown;
          try {
            open();
          } catch (error) {
            thrown = error;
          }
          expect(thrown).to.be.instanceOf(SqliteUnavailableError);
          const error = thrown as SqliteUnavailableError;
          expect(error.code).to.equal('EXECUTION_LOG_SQLITE_UNAVAILABLE');
          expect(error.category).to.equal('config');
          expect(error.message).to.include('npm install better-sqlite3').and.include('Node.js 22.13 or later');
          expect(error.message).to.include("Cannot find module 'better-sqlite3'");
          expect((error.cause as Error).message).to.equal("Cannot find module 'better-sqlite3'");
        }
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });

    it('is none for a :memory: state without either: the stores are kept in memory and answer as SQLite does', async function () {
      if (!hasBetterSqlite3 && !hasNodeSqlite) this.skip();
      expect(await roundTrip(neither)).to.deep.equal(await roundTrip(installedEngines));
      const { store, close } = openControlStore(':memory:', neither);
      await store.pause({ nqlId: 'people', by: 'ops', at: NOW });
      expect((await store.pauses()).map((p) => p.nqlId)).to.deep.equal(['people']);
      close();
    });

    it('does not load better-sqlite3 when the plugin is imported', () => {
      const root = fileURLToPath(new URL('../../../', import.meta.url));
      const script = `import './plugins/execution-log/index.ts';
        import { createRequire } from 'node:module';
        const cache = Object.keys(createRequire(import.meta.url).cache);
        process.stdout.write(String(cache.some((m) => m.includes('better-sqlite3'))));`;
      const loaded = execFileSync(
        process.execPath,
        ['--conditions=tributary-source', '--import', 'tsx', '--input-type=module', '-e', script],
        {
          cwd: root,
          encoding: 'utf8',
        },
      );
      expect(loaded).to.equal('false');
    });
  });

  for (const { name, engines, available } of ENGINES) {
    describe(`the connection (${name})`, function () {
      let db: SqliteDatabase;
      before(function () {
        if (!available) this.skip();
      });
      beforeEach(() => {
        db = openSqlite(':memory:', engines);
        db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY AUTOINCREMENT, a TEXT, b INTEGER)');
      });
      afterEach(() => db?.close());
      const values = (): unknown[] =>
        db
          .prepare('SELECT a FROM t ORDER BY id')
          .all()
          .map((r) => (r as { a: unknown }).a);

      it('commits a transaction, rolls back one that throws, and nests one in another as a savepoint', () => {
        const insert = db.prepare('INSERT INTO t (a) VALUES (?)');
        const inner = db.transaction((a: string) => {
          insert.run(a);
          if (a.startsWith('bad')) throw new Error(a);
        });
        const outer = db.transaction((a: string, nested: string) => {
          insert.run(a);
          try {
            inner(nested);
          } catch {
            // the savepoint is rolled back, the outer transaction goes on
          }
          return a;
        });
        expect(outer('one', 'two')).to.equal('one');
        expect(outer.immediate('three', 'bad four')).to.equal('three');
        expect(() => inner.immediate('bad five')).to.throw('bad five');
        expect(() => db.transaction(() => Promise.resolve())()).to.throw(TypeError);
        const failing = db.transaction(() => {
          outer('six', 'seven');
          throw new Error('outer fails');
        });
        expect(() => failing()).to.throw('outer fails');
        expect(values()).to.deep.equal(['one', 'two', 'three']);
        inner('eight');
        expect(values()).to.deep.equal(['one', 'two', 'three', 'eight'], 'no transaction was left open');
      });

      it('binds ? and @name parameters, undefined as NULL, and says what a write changed', () => {
        const first = db.prepare('INSERT INTO t (a, b) VALUES (?, ?)').run('x', 2);
        expect(first).to.include({ changes: 1 });
        expect(Number(first.lastInsertRowid)).to.equal(1);
        db.prepare('INSERT INTO t (a, b) VALUES (@a, @b)').run({ a: 'y', b: undefined as unknown as null });
        db.prepare('INSERT INTO t (a, b) VALUES (?, ?)').run(undefined as unknown as null, 3_000_000_001);
        expect(db.prepare('UPDATE t SET b = b + 1 WHERE b IS NOT NULL').run().changes).to.equal(2);
        const rows = db.prepare('SELECT a, b FROM t ORDER BY id').all();
        expect(rows).to.deep.equal([
          { a: 'x', b: 3 },
          { a: 'y', b: null },
          { a: null, b: 3_000_000_002 },
        ]);
        expect(Object.getPrototypeOf(rows[0])).to.equal(Object.prototype, 'rows are plain objects');
        expect(db.prepare('SELECT a FROM t WHERE id = ?').get(9)).to.equal(undefined);
        expect(db.prepare('SELECT COUNT(*) AS n FROM t').get()).to.deep.equal({ n: 3 });
      });

      it('calls a registered function with as many arguments as it declares', () => {
        db.function('fold', { deterministic: true }, (v: unknown) => (typeof v === 'string' ? v.toLowerCase() : v));
        expect(db.prepare('SELECT fold(?) AS s, fold(?) AS n, fold(NULL) AS z').get('ΟΔΟΣ Ñ', 4)).to.deep.equal({
          s: 'οδος ñ',
          n: 4,
          z: null,
        });
      });

      it('tells a statement that changes nothing from one that writes, as SQLite does', () => {
        const statements: Record<string, boolean> = {
          'SELECT * FROM t WHERE a = ?': true,
          'WITH x AS (SELECT 1 AS v) SELECT v FROM x': true,
          'PRAGMA table_info(t)': true,
          BEGIN: true,
          'INSERT INTO t (a) VALUES (1)': false,
          'UPDATE t SET a = 1': false,
          'DELETE FROM t': false,
          'CREATE TABLE u (a)': false,
          'CREATE TEMP TABLE v (a)': false,
          'DROP TABLE t': false,
          'PRAGMA journal_mode = DELETE': false,
          VACUUM: false,
        };
        const seen = Object.fromEntries(Object.keys(statements).map((sql) => [sql, db.prepare(sql).readonly]));
        expect(seen).to.deep.equal(statements);
      });

      it('is closed once closed', () => {
        expect(db.open).to.equal(true);
        db.close();
        expect(db.open).to.equal(false);
      });
    });
  }

  describe('the stores on node:sqlite', function () {
    before(function () {
      if (!hasNodeSqlite) this.skip();
    });

    it('appends runs and answers NQL queries with the rows better-sqlite3 gives', async function () {
      const answers = (await roundTrip(nodeSqliteOnly)) as {
        answers: Array<{ columns: string[]; rows: Array<Record<string, unknown>> }>;
        connectors: Array<{ nqlId: string; lastRun: Date }>;
      };
      const ids = (i: number): unknown[] => answers.answers[i]!.rows.map((r) => r['details.run_id']);
      expect(ids(0)).to.deep.equal(['r4', 'r1', 'r5', 'r2', 'r3'], 'the newest first without a query');
      expect(ids(1)).to.deep.equal(['r3', 'r2', 'r5', 'r1', 'r4'], 'the whole table in time order');
      expect(answers.answers[1]!.rows[1]).to.include({
        'details.number_of_received_rows': 3_000_001,
        'details.description': 'Too many rows received',
        'details.scheduled_for': ago(48.5).toISOString(),
      });
      expect(answers.answers[2]!.rows.map((r) => r.time)).to.deep.equal([
        ago(0.5).toISOString(),
        ago(100).toISOString(),
      ]);
      expect(answers.answers[4]!.rows).to.deep.equal([
        { 'details.name': 'Salesforce users', status: 'partial', runs: 1 },
        { 'details.name': 'Salesforce users', status: 'success', runs: 1 },
        { 'details.name': 'Workday Users', status: 'failure', runs: 1 },
        { 'details.name': 'Ünïcode Ñame', status: 'success', runs: 1 },
        { 'details.name': 'ΟΔΟΣ İstanbul [eu]', status: 'failure', runs: 1 },
      ]);
      expect(ids(5)).to.deep.equal(['r4'], 'Unicode case folding, [ taken literally');
      expect(answers.answers[6]!.rows).to.deep.equal([
        { 'details.run_id': 'r3', 'details.dry_run': 'false' },
        { 'details.run_id': 'r5', 'details.dry_run': 'true' },
      ]);
      expect(answers.answers[7]!.rows).to.deep.equal([
        { 'details.name': 'Salesforce users', runs: 2 },
        { 'details.name': 'Ünïcode Ñame', runs: 1 },
        { 'details.name': 'ΟΔΟΣ İstanbul [eu]', runs: 1 },
      ]);
      expect(ids(8)).to.deep.equal(['r1']);
      expect(answers.connectors.map((c) => [c.nqlId, c.lastRun.toISOString()])).to.deep.equal([
        ['greek', ago(0.5).toISOString()],
        ['salesforce_user_attributes', ago(1).toISOString()],
        ['unicode', ago(2).toISOString()],
        ['workday', ago(100).toISOString()],
      ]);
      if (!hasBetterSqlite3) return;
      expect(answers).to.deep.equal(await roundTrip(betterSqlite3Only));
    });

    it('moves a damaged file aside and starts a new log', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'tributary-node-sqlite-'));
      try {
        writeFileSync(join(dir, LOG_DB_FILE), 'not a database, but long enough to have a header. '.repeat(20));
        const told: string[] = [];
        const store = openLogStore({ stateDir: dir, engines: nodeSqliteOnly, onDamaged: (m) => told.push(m) });
        await store.append(fakeResult({ runId: 'after' }));
        const { rows } = await queryLogs(store, `${T} | list details.run_id`, NOW);
        await store.close();
        expect(rows).to.deep.equal([{ 'details.run_id': 'after' }]);
        expect(told).to.have.length(1);
        expect(told[0]).to.match(/execution-log\.db was damaged .* moved it to .*execution-log\.db\.damaged-/);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });

    it('keeps a baseline', async () => {
      const store = openLogStore({ stateDir: ':memory:', engines: nodeSqliteOnly });
      try {
        const baseline = { nqlId: 'people', runId: 'r1', time: ago(1), processedRows: 3, fields: { email: 2 } };
        await store.baselines.write(baseline);
        await store.baselines.write({ ...baseline, runId: 'r2', processedRows: 4 });
        expect(await store.baselines.read('people')).to.deep.equal({ ...baseline, runId: 'r2', processedRows: 4 });
        expect(await store.baselines.read('other')).to.equal(undefined);
      } finally {
        await store.close();
      }
    });

    describe('the contracts of the kit', () => {
      const dirs: string[] = [];
      const stateDir = (): string => {
        const dir = mkdtempSync(join(tmpdir(), 'tributary-node-sqlite-'));
        dirs.push(dir);
        return dir;
      };
      after(() => {
        for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
      });

      describeControlStore('SQLite through node:sqlite', async () => {
        const dir = stateDir();
        const log = openLogStore({ stateDir: dir, engines: nodeSqliteOnly });
        const opened = openSqliteControlStore(join(dir, LOG_DB_FILE), nodeSqliteOnly);
        return {
          store: opened.store,
          async teardown() {
            opened.close();
            await log.close();
          },
        };
      });

      describeChangeLedger('SQLite through node:sqlite', async () => {
        const log = openLogStore({ stateDir: stateDir(), engines: nodeSqliteOnly });
        return { ledger: log.changes, teardown: () => log.close() };
      });

      describeSyncStateStore('SQLite through node:sqlite', async () => {
        const dir = stateDir();
        const log = openLogStore({ stateDir: dir, engines: nodeSqliteOnly });
        // A second connection to the file, as another process would see it: only what a commit wrote.
        const other = openSqlite(join(dir, LOG_DB_FILE), nodeSqliteOnly);
        const members = other.prepare(
          `SELECT identifier || ':' || missed AS m FROM sync_members WHERE nql_id = ? ORDER BY key`,
        );
        return {
          store: log.syncState,
          members: async (nqlId) => members.all(nqlId).map((r) => (r as { m: string }).m),
          async teardown() {
            other.close();
            await log.close();
          },
        };
      });
    });
  });
});
