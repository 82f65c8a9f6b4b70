/** Scheduled ticks of a paused or quarantined connector are skipped; resumed or out of quarantine, it runs again. */
import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunResult } from 'tributary-kit';
import {
  FakeClock,
  FakeSignals,
  MemoryRunLock,
  Scheduler,
  serveHost,
  type SchedulerEvent,
  type ServeEvent,
} from '../../host/serve/scheduler/index.js';
import { ChangingSource } from '../support/changing-source.js';
import { RecordingLogger } from '../scheduler/scheduler-harness.js';
import { operatorHost, seed, switchable, type OperatorHost } from './operator-host.js';

const MINUTE = 60_000;
const DAVE = { name: 'dave', address: '10.0.0.3' };

/** What became of one due tick. */
type Outcome = { due: string; skipped: string } | { due: string; ran: string; ended?: Date };

describe('operator: paused and quarantined connectors on the schedule', function () {
  this.timeout(60_000);
  let dir: string;
  let opened: OperatorHost | undefined;
  let scheduler: Scheduler | undefined;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'tributary-refused-'))));
  afterEach(async () => {
    await scheduler?.stop();
    scheduler = undefined;
    await opened?.host.close();
    opened = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  /** The host's connector `people` on an every-minute schedule, its source failing while `down`. */
  async function scheduled(start: Date, top: object = {}) {
    const source = new ChangingSource();
    seed(source, 3);
    const state = switchable(source);
    opened = await operatorHost(dir, source, { template: state.template, top, schedule: { cron: '* * * * *' } });
    const { host } = opened;
    const clock = new FakeClock(start);
    const logger = new RecordingLogger();
    const waiting: Array<(event: SchedulerEvent) => void> = [];
    scheduler = new Scheduler({
      connectors: host.config.connectors,
      runConnector: (nqlId, signal, scheduledFor) => host.run(nqlId, { signal, scheduledFor }),
      refuse: (nqlId) => host.refuseScheduledRun(nqlId, clock.now()),
      lock: new MemoryRunLock(),
      maxConcurrentRuns: 1,
      clock,
      logger,
      onEvent: (event) => {
        if (event.type === 'skipped' || event.type === 'finished') waiting.splice(0).forEach((w) => w(event));
      },
    });
    scheduler.start();
    /** Advances to the next tick and waits for what came of it. */
    const tick = async (): Promise<Outcome> => {
      const at = clock.pending()[0]!;
      const outcome = new Promise<SchedulerEvent>((resolve) => waiting.push(resolve));
      await clock.advanceTo(at);
      const event = await outcome;
      const due = at.toISOString();
      if (event.type === 'skipped') return { due, skipped: `${event.reason}: ${event.message}` };
      if (event.type === 'finished') return { due, ran: event.result?.status ?? 'none', ended: event.result?.endedAt };
      throw new Error(`unexpected ${event.type}`);
    };
    return { host, clock, logger, tick, source: state, operations: opened.operations };
  }

  it('skips the ticks of a paused connector, and runs it again once resumed', async () => {
    const { tick, operations, logger } = await scheduled(new Date('2026-12-01T09:59:30Z'));
    expect(await tick()).to.deep.include({ due: '2026-12-01T10:00:00.000Z', ran: 'success' });
    const paused = await operations.pause('people', DAVE);
    expect(paused.done, paused.message).to.equal(true);
    expect(await operations.pause('people', { name: 'erin' })).to.deep.include({ done: false, reason: 'already' });
    const skipped = await tick();
    expect(skipped).to.deep.include({ due: '2026-12-01T10:01:00.000Z' });
    expect((skipped as { skipped: string }).skipped).to.match(/^paused: paused by dave since \d{4}-\d\d-\d\dT/);
    expect(await tick()).to.deep.include({ due: '2026-12-01T10:02:00.000Z' });
    expect(logger.at('warn')).to.have.length(2);
    expect(logger.at('warn')[0]).to.match(/^people: scheduled run skipped: paused by dave since /);
    const resumed = await operations.resume('people', DAVE);
    expect(resumed).to.deep.equal({
      done: true,
      message: 'people resumed: its next scheduled run starts as due',
    });
    expect(await operations.resume('people', DAVE)).to.deep.include({ done: false, reason: 'already' });
    expect(await tick()).to.deep.include({ due: '2026-12-01T10:03:00.000Z', ran: 'success' });
    expect(await operations.pause('nobody', DAVE)).to.deep.include({ done: false, reason: 'unknown' });
    const audit = await operations.audit({ offset: 0, limit: 10 });
    expect(audit.entries.map((e) => `${e.actor} ${e.action} ${e.target}: ${e.outcome}`)).to.deep.equal([
      'dave pause nobody: refused: No connector with nqlId "nobody"',
      'dave resume people: refused: people is neither paused nor quarantined',
      'dave resume people: done',
      'erin pause people: refused: people is paused already (by dave)',
      'dave pause people: done',
    ]);
  });

  it('skips a quarantined connector until its back-off ends, backs off further after a failed retry, and runs after a success', async () => {
    const start = new Date();
    const { host, tick, source } = await scheduled(start, {
      quarantine: { afterFailures: 2, backoffMinutes: [5, 30] },
    });
    source.down = true;
    await host.run('people');
    const second = await host.run('people');
    const until = new Date(second.endedAt.getTime() + 5 * MINUTE);
    const outcomes = await ticksUntilRun(tick);
    const ran = outcomes.at(-1) as Outcome & { ended: Date };
    expect(Date.parse(ran.due)).to.be.at.least(until.getTime());
    expect(Date.parse(ran.due) - until.getTime()).to.be.below(MINUTE);
    expect(ran).to.deep.include({ ran: 'failure' });
    const skips = outcomes.slice(0, -1);
    expect(skips.length).to.be.within(5, 6);
    for (const skip of skips) {
      expect(Date.parse(skip.due)).to.be.below(until.getTime());
      expect(skip).to.deep.include({
        skipped: `quarantined: quarantined after 2 failures in a row: the next scheduled run waits until ${until.toISOString()}`,
      });
    }
    // The retry failed: the second back-off (30 minutes) from its end.
    const until2 = new Date(ran.ended.getTime() + 30 * MINUTE);
    expect(await tick()).to.deep.include({
      skipped: `quarantined: quarantined after 3 failures in a row: the next scheduled run waits until ${until2.toISOString()}`,
    });
    source.down = false;
    const next = (await ticksUntilRun(tick)).at(-1)!;
    expect(Date.parse(next.due)).to.be.at.least(until2.getTime());
    expect(Date.parse(next.due) - until2.getTime()).to.be.below(MINUTE);
    expect(next).to.deep.include({ ran: 'success' });
    expect(await host.control('people')).to.deep.equal({});
    expect(await tick()).to.deep.include({ ran: 'success' });
  });

  it('lifts the quarantine on resume: the next tick runs', async () => {
    const { host, tick, source, operations } = await scheduled(new Date(), { quarantine: { afterFailures: 1 } });
    source.down = true;
    await host.run('people');
    expect(await tick()).to.have.property('skipped');
    const resumed = await operations.resume('people', DAVE);
    expect(resumed).to.deep.equal({
      done: true,
      message: 'people out of quarantine: its next scheduled run starts as due',
    });
    expect((await host.control('people')).quarantine).to.equal(undefined);
    source.down = false;
    expect(await tick()).to.deep.include({ ran: 'success' });
  });

  it('serve asks the host it serves, at the time of its clock, before each due tick', async () => {
    const source = new ChangingSource();
    seed(source, 2);
    const served = await operatorHost(dir, source, { schedule: { cron: '* * * * *' } });
    await served.operations.pause('people', DAVE);
    const clock = new FakeClock('2026-12-01T09:59:30Z');
    const signals = new FakeSignals();
    const events: Array<SchedulerEvent | ServeEvent> = [];
    const waiting: Array<{ type: string; resolve: (e: SchedulerEvent | ServeEvent) => void }> = [];
    const next = (type: string) =>
      new Promise<SchedulerEvent | ServeEvent>((resolve) => waiting.push({ type, resolve }));
    const serving = next('serving');
    const ended = serveHost({
      loadHost: async () => served.host,
      logger: new RecordingLogger(),
      clock,
      signals,
      watchConfig: false,
      onEvent: (event) => {
        events.push(event);
        for (const w of waiting.filter((x) => x.type === event.type)) {
          waiting.splice(waiting.indexOf(w), 1);
          w.resolve(event);
        }
      },
    });
    try {
      await serving;
      const skipped = next('skipped');
      await clock.advanceTo('2026-12-01T10:00:00Z');
      expect(await skipped).to.deep.include({ nqlId: 'people', reason: 'paused' });
      await served.operations.resume('people', DAVE);
      const finished = next('finished');
      await clock.advanceTo('2026-12-01T10:01:00Z');
      expect(((await finished) as { result?: RunResult }).result?.status).to.equal('success');
    } finally {
      signals.emit('SIGTERM');
      expect(await ended).to.equal(0);
    }
    expect(events.filter((e) => e.type === 'started')).to.have.length(1);
  });

  it('runs the tick when whether it is paused cannot be told, with a warning', async () => {
    const clock = new FakeClock('2026-12-01T09:59:30Z');
    const logger = new RecordingLogger();
    const started: string[] = [];
    scheduler = new Scheduler({
      connectors: [{ ...(await scheduledConnector()), schedule: { cron: '* * * * *' } }],
      runConnector: async (nqlId) => (started.push(nqlId), undefined),
      refuse: () => Promise.reject(new Error('the control store is down')),
      lock: new MemoryRunLock(),
      maxConcurrentRuns: 1,
      clock,
      logger,
    });
    scheduler.start();
    await clock.advanceTo('2026-12-01T10:00:00Z');
    expect(started).to.deep.equal(['people']);
    expect(logger.at('warn')).to.deep.equal([
      'people: could not tell whether it is paused (the control store is down): it runs',
    ]);
  });

  /** Ticks until one runs (at most an hour of them). */
  async function ticksUntilRun(tick: () => Promise<Outcome>): Promise<Outcome[]> {
    const outcomes: Outcome[] = [];
    for (let i = 0; i < 60 && !outcomes.some((o) => 'ran' in o); i++) outcomes.push(await tick());
    return outcomes;
  }

  /** The connector `people` as a host's config holds it. */
  async function scheduledConnector() {
    opened = await operatorHost(dir, new ChangingSource());
    return opened.host.config.connectors[0]!;
  }
});
