/** Each connector's health against its schedule, its last run and success, and the overview, dry runs left out. */
import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeClock, MemoryRunLock, Scheduler } from '../../host/serve/scheduler/index.js';
import { BoundedPool } from '../../host/serve/server/bounded-pool.js';
import { createOperations } from '../../host/serve/server/create-operations.js';
import { ChangingSource } from '../support/changing-source.js';
import { operatorHost, seed, switchable, type OperatorHost } from './operator-host.js';

describe('operator: connector statuses and the overview', function () {
  this.timeout(60_000);
  let dir: string;
  let opened: OperatorHost | undefined;
  let scheduler: Scheduler | undefined;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'tributary-health-'))));
  afterEach(async () => {
    await scheduler?.stop();
    await opened?.host.close();
    opened = scheduler = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  /** `people`, due daily two hours ago, served by a scheduler whose timers never fire. */
  async function served(top: object = {}) {
    const source = new ChangingSource();
    seed(source, 3);
    const state = switchable(source);
    const due = new Date(Date.now() - 2 * 3_600_000);
    const schedule = { cron: `${due.getUTCMinutes()} ${due.getUTCHours()} * * *` };
    opened = await operatorHost(dir, source, { template: state.template, schedule, top });
    const { host } = opened;
    scheduler = new Scheduler({
      connectors: host.config.connectors,
      runConnector: async () => undefined,
      lock: new MemoryRunLock(),
      maxConcurrentRuns: 1,
      clock: new FakeClock(new Date()),
    });
    scheduler.start();
    const control = scheduler;
    const checks = new BoundedPool({ concurrency: 1, queue: 0, refusal: () => new Error('busy') });
    const operations = createOperations({ current: () => host, control: () => control }, { checks });
    const status = async () => (await operations.connectors())[0]!;
    return { host, source: state, operations, status };
  }

  it('is late when due and no run succeeded since, on time after a success, in error after a failure', async () => {
    const { host, source, status, operations } = await served();
    const never = await status();
    expect(never).to.deep.include({ nqlId: 'people', health: 'late', running: false });
    expect(never).not.to.have.property('lastRun');
    expect(never.nextRunAt).to.be.a('string');
    const ok = await host.run('people');
    expect(await status()).to.deep.include({ health: 'on-time', lastSuccessAt: ok.endedAt.toISOString() });
    await operations.pause('people', { name: 'dave' });
    expect((await status()).paused).to.have.property('by', 'dave');
    source.down = true;
    const failed = await host.run('people');
    const error = await status();
    expect(error).to.deep.include({ health: 'error', lastSuccessAt: ok.endedAt.toISOString() });
    expect(error.lastRun?.['details.run_id']).to.equal(failed.runId);
  });

  it('takes no dry run for the last run, the last success or the overview', async () => {
    const { host, source, status, operations } = await served();
    source.down = true;
    const failed = await host.run('people');
    source.down = false;
    const dry = await host.run('people', { dryRun: true });
    expect(dry.status).to.equal('success');
    const error = await status();
    expect(error.health).to.equal('error');
    expect(error.lastRun?.['details.run_id']).to.equal(failed.runId);
    expect(error).not.to.have.property('lastSuccessAt');
    const overview = await operations.overview(1);
    expect(overview.connectors[0]).to.deep.include({ runs: 1, successes: 0, successRate: 0, health: 'error' });
    expect(overview.connectors[0]).not.to.have.property('lastSuccessAgeSeconds');
    await host.run('people');
    const after = (await operations.overview(1)).connectors[0]!;
    expect(after).to.deep.include({ runs: 2, successes: 1, successRate: 0.5, rowsPerDay: 3, health: 'on-time' });
    expect(after.lastSuccessAgeSeconds).to.be.within(0, 60);
  });

  it('gives lateAfterMinutes of grace after the due time', async () => {
    const { status } = await served({ lateAfterMinutes: 180 });
    expect((await status()).health).to.equal('on-time');
  });
});
