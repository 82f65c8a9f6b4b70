/** The SQLite control store: the kit's contract, two connections to one file, and the execution-log plugin providing it. */
import { expect } from 'chai';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { ControlStoreService, type ControlStore, type HeldRun } from 'tributary-kit';
import { describeControlStore, recordingSink, startTestHost, syntheticConnector, testPlugin } from '../../testing.js';
import executionLog from 'tributary-kit/internal/plugins/execution-log/index.js';
import {
  LOG_DB_FILE,
  openLogStore,
  type LogStore,
} from 'tributary-kit/internal/plugins/execution-log/store/log-store.js';
import {
  openSqliteControlStore,
  type SqliteControlStore,
} from 'tributary-kit/internal/plugins/execution-log/store/sqlite-control-store.js';
import { syntheticConfig } from '../support/synthetic-config.js';

const T0 = new Date('2026-12-01T10:00:00.123Z');

const held = (runId: string): HeldRun => ({
  runId,
  nqlId: 'people',
  host: 'serve:1',
  heldAt: T0,
  deadline: new Date(T0.getTime() + 60_000),
  reasons: ['3 leavers, more than the 2 allowed'],
  counts: { receivedRows: 10, processedRows: 10, leavers: 3 },
});

/** A state directory whose log file the log store created (WAL), as the plugin opens it before the control store. */
function stateDirectory(): { dir: string; file: string; log: LogStore } {
  const dir = mkdtempSync(join(tmpdir(), 'tributary-control-'));
  return { dir, file: join(dir, LOG_DB_FILE), log: openLogStore({ stateDir: dir }) };
}

describeControlStore('SQLite (the execution log)', async () => {
  const { dir, file, log } = stateDirectory();
  const opened = openSqliteControlStore(file);
  return {
    store: opened.store,
    async teardown() {
      opened.close();
      await log.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});

/** Each worker thread decides runs run-0 … run-(runs-1) with its own connection, all starting at once. */
async function raceDecisions(file: string, deciders: readonly string[], runs: number): Promise<string[][]> {
  const workers = deciders.map(
    (by) => new Worker(new URL('./decide-worker.mjs', import.meta.url), { workerData: { file, by, runs } }),
  );
  const answers = workers.map(
    (worker) =>
      new Promise<string[]>((resolve, reject) => {
        worker.once('error', reject);
        worker.on('message', (message: unknown) => {
          if (Array.isArray(message)) resolve(message as string[]);
        });
      }),
  );
  await Promise.all(workers.map((worker) => new Promise((resolve) => worker.once('message', resolve))));
  for (const worker of workers) worker.postMessage('go');
  return Promise.all(answers);
}

describe('SQLite control store: several connections to one file', () => {
  let dir: string;
  let file: string;
  let log: LogStore;
  const opened: SqliteControlStore[] = [];
  const connect = (): ControlStore => {
    const one = openSqliteControlStore(file);
    opened.push(one);
    return one.store;
  };

  beforeEach(() => {
    ({ dir, file, log } = stateDirectory());
  });
  afterEach(async () => {
    for (const one of opened.splice(0)) one.close();
    await log.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("sees the other's holds, decisions, pauses and cancel requests", async () => {
    const serve = connect();
    const cli = connect();
    await serve.hold(held('run-1'));
    expect((await cli.heldRuns()).map((r) => r.runId)).to.deep.equal(['run-1']);
    const approval = { verdict: 'approved' as const, by: 'cli', at: T0 };
    expect((await cli.decide('run-1', approval)).outcome).to.equal('decided');
    expect(await serve.heldRun('run-1')).to.deep.equal({ ...held('run-1'), decision: approval });
    const late = await serve.decide('run-1', { verdict: 'rejected', by: 'timeout', at: T0 });
    expect(late).to.deep.equal({ outcome: 'already', run: { ...held('run-1'), decision: approval } });
    await cli.pause({ nqlId: 'people', by: 'cli', at: T0 });
    expect(await serve.pauses()).to.deep.equal([{ nqlId: 'people', by: 'cli', at: T0 }]);
    await serve.reportLive({
      ...held('run-2'),
      startedAt: T0,
      updatedAt: T0,
      phase: 'reading',
      receivedRows: 1,
      processedRows: 1,
    });
    expect(await cli.requestCancel('run-2', 'cli', T0)).to.equal(true);
    expect((await serve.liveRuns())[0]?.cancelRequested).to.deep.equal({ by: 'cli', at: T0 });
  });

  it('lets one decision of each run win when threads with their own connections decide at once', async function () {
    this.timeout(60_000);
    const runs = 200;
    const store = connect();
    for (let i = 0; i < runs; i++) await store.hold(held(`run-${i}`));
    const deciders = ['ann', 'bob', 'cy'];
    const won = await raceDecisions(file, deciders, runs);
    const all = won.flat().sort();
    expect(all).to.have.length(runs);
    expect(new Set(all).size).to.equal(runs, 'a run decided twice');
    for (const [i, by] of deciders.entries())
      for (const runId of won[i]!) expect((await store.heldRun(runId))?.decision?.by).to.equal(by, runId);
    expect(await store.heldRuns()).to.deep.equal([]);
  });
});

describe('the execution-log plugin provides the control store', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'tributary-control-host-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const hostIn = (state: object = {}) =>
    startTestHost({
      config: { ...syntheticConfig(), state },
      withoutBuiltins: true,
      stateDir: dir,
      plugins: [
        testPlugin({ connectorTemplates: [syntheticConnector({ rows: 3 })], sinkTypes: [recordingSink()] }),
        executionLog,
      ],
    });

  it('reads as empty without creating the file, then keeps what is recorded in it for another process', async () => {
    const host = await hostIn();
    try {
      const store = host.service(ControlStoreService)!;
      expect(await store.heldRuns()).to.deep.equal([]);
      expect(await store.audit({ offset: 0, limit: 5 })).to.deep.equal({ entries: [], total: 0 });
      expect((await store.decide('run-1', { verdict: 'approved', by: 'cli', at: T0 })).outcome).to.equal('unknown');
      expect(await store.requestCancel('run-1', 'cli', T0)).to.equal(false);
      expect(existsSync(join(dir, LOG_DB_FILE)), 'the file after reads').to.equal(false);
      await store.hold(held('run-1'));
    } finally {
      await host.close();
    }
    const other = openSqliteControlStore(join(dir, LOG_DB_FILE));
    try {
      expect(await other.store.heldRun('run-1')).to.deep.equal(held('run-1'));
    } finally {
      other.close();
    }
  });

  it("prunes the control store by state.retentionDays when a run's entry is logged", async () => {
    const host = await hostIn({ retentionDays: 30 });
    try {
      const store = host.service(ControlStoreService)!;
      const old = new Date('2000-01-01T00:00:00.000Z');
      const recent = new Date();
      for (const time of [old, recent])
        await store.recordAudit({
          time,
          actor: { name: 'cli' },
          action: 'run-now',
          target: 'users',
          outcome: 'accepted',
        });
      await store.appendRunLog('run-0', [{ time: old, level: 'info', message: 'long ago' }]);
      expect((await host.run('users')).status).to.equal('success');
      expect((await store.audit({ offset: 0, limit: 5 })).entries.map((e) => e.time)).to.deep.equal([recent]);
      expect(await store.runLog('run-0', 5)).to.deep.equal([]);
    } finally {
      await host.close();
    }
  });
});
