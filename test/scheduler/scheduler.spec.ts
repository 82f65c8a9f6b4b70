import { expect } from 'chai';
import { CancelledError } from 'tributary-kit';
import { MemoryRunLock, settle } from '../../host/serve/scheduler/index.js';
import { connector, harness, ofType } from './scheduler-harness.js';

const everyMinute = { cron: '* * * * *' } as const;
const hourly = { recurrence: 'hourly', at: ':00' } as const;

describe('scheduler: Scheduler', () => {
  it('announces the next run time of each connector on start, and says which ones it will not run', () => {
    const { scheduler, events, logger } = harness([
      connector('daily_zurich', { recurrence: 'daily', at: '02:30', timezone: 'Europe/Zurich' }),
      connector('manual_only'),
    ]);
    scheduler.start();
    expect(ofType(events, 'scheduled').map((e) => [e.nqlId, e.at.toISOString()])).to.deep.equal([
      ['daily_zurich', '2026-11-26T01:30:00.000Z'],
    ]);
    expect(ofType(events, 'unscheduled').map((e) => e.nqlId)).to.deep.equal(['manual_only']);
    expect(logger.at('info').join('\n')).to.include(
      'daily_zurich: next run 2026-11-26 02:30:00 GMT+1 Europe/Zurich (daily at 02:30 (Europe/Zurich))',
    );
    expect(scheduler.nextRuns()).to.deep.equal([{ nqlId: 'daily_zurich', at: new Date('2026-11-26T01:30:00Z') }]);
  });

  it('runs each connector on its schedule', async () => {
    const { scheduler, clock, runner } = harness([connector('a', hourly), connector('b', { cron: '30 10 * * *' })]);
    scheduler.start();
    await clock.advanceTo('2026-11-25T10:00:00Z');
    expect(runner.runs.map((r) => [r.nqlId, r.startedAt.toISOString()])).to.deep.equal([
      ['a', '2026-11-25T10:00:00.000Z'],
    ]);
    runner.runs[0]!.finish({ status: 'success' });
    await clock.advanceTo('2026-11-25T11:00:00Z');
    expect(runner.runs.map((r) => [r.nqlId, r.startedAt.toISOString()])).to.deep.equal([
      ['a', '2026-11-25T10:00:00.000Z'],
      ['b', '2026-11-25T10:30:00.000Z'],
      ['a', '2026-11-25T11:00:00.000Z'],
    ]);
  });

  it('skips a tick that finds the previous run of the same connector still going, with a warning', async () => {
    const { scheduler, clock, runner, events, logger } = harness([connector('slow', everyMinute)]);
    scheduler.start();
    await clock.advanceTo('2026-11-25T10:00:00Z');
    await clock.advanceTo('2026-11-25T10:02:00Z');
    expect(runner.of('slow')).to.have.length(1);
    expect(ofType(events, 'skipped').map((e) => [e.nqlId, e.reason])).to.deep.equal([
      ['slow', 'overlap'],
      ['slow', 'overlap'],
    ]);
    expect(logger.at('warn')).to.deep.equal([
      'slow: run skipped: the previous run is still going',
      'slow: run skipped: the previous run is still going',
    ]);
    runner.runs[0]!.finish();
    await clock.advanceTo('2026-11-25T10:03:00Z');
    expect(runner.of('slow')).to.have.length(2);
  });

  it('lets different connectors overlap up to maxConcurrentRuns and queues the rest', async () => {
    const { scheduler, clock, runner, events } = harness(
      [connector('a', hourly), connector('b', hourly), connector('c', hourly)],
      { maxConcurrentRuns: 2 },
    );
    scheduler.start();
    await clock.advanceTo('2026-11-25T10:00:00Z');
    expect(runner.active()).to.deep.equal(['a', 'b']);
    expect(ofType(events, 'queued').map((e) => [e.nqlId, e.running])).to.deep.equal([['c', 2]]);
    runner.of('b')[0]!.finish();
    await settle();
    expect(runner.active()).to.deep.equal(['a', 'c']);
    expect(scheduler.runningConnectors().sort()).to.deep.equal(['a', 'c']);
  });

  it('skips a tick of a connector that is still waiting in the queue', async () => {
    const { scheduler, clock, runner, events } = harness(
      [connector('busy', { cron: '0 10 * * *' }), connector('waiting', everyMinute)],
      { maxConcurrentRuns: 1 },
    );
    scheduler.start();
    await clock.advanceTo('2026-11-25T10:01:00Z');
    expect(runner.active()).to.deep.equal(['busy']);
    expect(ofType(events, 'queued').map((e) => e.nqlId)).to.deep.equal(['waiting']);
    expect(ofType(events, 'skipped').map((e) => [e.nqlId, e.reason])).to.deep.equal([['waiting', 'overlap']]);
    runner.of('busy')[0]!.finish();
    await settle();
    expect(runner.of('waiting')).to.have.length(1);
  });

  it('on stop: no new runs, runs in progress aborted with "Cancelled by shutdown", resolves once they ended', async () => {
    const { scheduler, clock, runner, events } = harness(
      [connector('a', hourly), connector('b', hourly), connector('c', hourly)],
      { maxConcurrentRuns: 2 },
    );
    scheduler.start();
    await clock.advanceTo('2026-11-25T10:00:00Z');
    let stopped = false;
    const stopping = scheduler.stop().then(() => (stopped = true));
    await settle();
    for (const run of runner.runs) {
      expect(run.signal.aborted).to.equal(true);
      expect(run.signal.reason).to.be.instanceOf(CancelledError).with.property('message', 'Cancelled by shutdown');
    }
    expect(stopped).to.equal(false);
    runner.of('a')[0]!.finish({ status: 'failure', description: 'Cancelled by shutdown' });
    await settle();
    expect(stopped).to.equal(false);
    runner.of('b')[0]!.finish({ status: 'failure', description: 'Cancelled by shutdown' });
    await stopping;
    expect(ofType(events, 'stopped')).to.have.length(1);
    expect(runner.of('c')).to.have.length(0); // queued run dropped
    await clock.advanceTo('2026-11-25T12:00:00Z');
    expect(runner.runs).to.have.length(2);
    expect(clock.pending()).to.deep.equal([]);
  });

  it('stop with nothing running resolves at once, and twice is harmless', async () => {
    const { scheduler } = harness([connector('a', hourly)]);
    scheduler.start();
    await scheduler.stop();
    await scheduler.stop();
  });

  describe('reload', () => {
    it('applies a new schedule: the old time no longer fires, the new one does', async () => {
      const { scheduler, clock, runner, events } = harness([connector('a', hourly)]);
      scheduler.start();
      scheduler.reload([connector('a', { recurrence: 'hourly', at: ':30' })]);
      expect(ofType(events, 'scheduled').map((e) => e.at.toISOString())).to.deep.equal([
        '2026-11-25T10:00:00.000Z',
        '2026-11-25T10:30:00.000Z',
      ]);
      await clock.advanceTo('2026-11-25T10:29:59Z');
      expect(runner.runs).to.have.length(0);
      await clock.advanceTo('2026-11-25T10:30:00Z');
      expect(runner.runs.map((r) => r.startedAt.toISOString())).to.deep.equal(['2026-11-25T10:30:00.000Z']);
      expect(clock.pending()).to.have.length(1);
    });

    it('keeps runs in progress, unschedules removed connectors and schedules new ones', async () => {
      const { scheduler, clock, runner, events } = harness(
        [connector('kept', everyMinute), connector('removed', everyMinute)],
        { maxConcurrentRuns: 4 },
      );
      scheduler.start();
      await clock.advanceTo('2026-11-25T10:00:00Z');
      scheduler.reload([connector('kept', everyMinute), connector('added', everyMinute)]);
      expect(runner.runs.every((r) => !r.signal.aborted)).to.equal(true);
      expect(ofType(events, 'unscheduled').map((e) => [e.nqlId, e.reason])).to.deep.equal([
        ['removed', 'no longer in the config'],
      ]);
      await clock.advanceTo('2026-11-25T10:01:00Z');
      expect(runner.of('kept')).to.have.length(1); // still running: the tick was skipped
      expect(runner.of('removed')).to.have.length(1);
      expect(runner.of('added')).to.have.length(1);
      expect(
        scheduler
          .nextRuns()
          .map((n) => n.nqlId)
          .sort(),
      ).to.deep.equal(['added', 'kept']);
    });

    it('keeps an unchanged schedule armed and applies a new maxConcurrentRuns', async () => {
      const { scheduler, clock, runner } = harness([connector('a', hourly), connector('b', hourly)], {
        maxConcurrentRuns: 1,
      });
      scheduler.start();
      scheduler.reload([connector('a', hourly), connector('b', hourly)], { maxConcurrentRuns: 2 });
      expect(clock.pending()).to.have.length(2);
      await clock.advanceTo('2026-11-25T10:00:00Z');
      expect(runner.active()).to.deep.equal(['a', 'b']);
    });
  });

  it('skips a run whose lock another process holds, naming the holder', async () => {
    const lock = new MemoryRunLock();
    const release = lock.acquire('a')!;
    const { scheduler, clock, runner, events, logger } = harness([connector('a', hourly)], { lock });
    scheduler.start();
    await clock.advanceTo('2026-11-25T10:00:00Z');
    expect(runner.runs).to.have.length(0);
    expect(ofType(events, 'skipped').map((e) => e.reason)).to.deep.equal(['locked']);
    expect(logger.at('warn')[0]).to.match(/^a: run skipped: another process is running it \(pid \d+/);
    release();
    await clock.advanceTo('2026-11-25T11:00:00Z');
    expect(runner.runs).to.have.length(1);
  });

  it('holds the lock during a run and releases it after a failure, then runs again at the next tick', async () => {
    const { scheduler, clock, runner, events, lock, logger } = harness([connector('a', hourly)]);
    scheduler.start();
    await clock.advanceTo('2026-11-25T10:00:00Z');
    expect(lock.acquire('a')).to.equal(undefined);
    runner.runs[0]!.fail(new Error('boom'));
    await settle();
    expect(ofType(events, 'failed')).to.have.length(1);
    expect(logger.at('error')).to.deep.equal(['a: run failed: boom']);
    const release = lock.acquire('a');
    expect(release).to.be.a('function');
    release!();
    await clock.advanceTo('2026-11-25T11:00:00Z');
    expect(runner.runs).to.have.length(2);
  });

  it('logs an invalid schedule as an error and schedules the other connectors', () => {
    const { scheduler, events, logger } = harness([connector('bad', { cron: 'nope' }), connector('good', hourly)]);
    scheduler.start();
    expect(ofType(events, 'scheduled').map((e) => e.nqlId)).to.deep.equal(['good']);
    expect(logger.at('error')[0]).to.match(
      /^bad: not scheduled: Invalid schedule: `cron` "nope" is not a valid cron expression/,
    );
  });

  it('after a long pause (machine suspended) runs once, not once per missed tick', async () => {
    const { scheduler, clock, runner } = harness([connector('a', everyMinute)]);
    scheduler.start();
    expect(clock.pending()[0]!.toISOString()).to.equal('2026-11-25T10:00:00.000Z');
    clock.jump(3 * 3_600_000); // now 12:59: the 10:00 timer fires late, 180 ticks were missed
    await clock.advance(0);
    expect(runner.runs.map((r) => r.startedAt.toISOString())).to.deep.equal(['2026-11-25T12:59:00.000Z']);
    expect(clock.pending().map((d) => d.toISOString())).to.deep.equal(['2026-11-25T13:00:00.000Z']);
  });
});
