import { expect } from 'chai';
import {
  DEFAULT_LIMITS,
  TransientError,
  type LeaseOutcome,
  type RunCoordinator,
  type RunResult,
  type ScheduledTick,
} from 'tributary-kit';
import {
  FakeClock,
  FakeSignals,
  serveHost,
  settle,
  type SchedulerEvent,
  type ServableHost,
  type ServedHosts,
  type ServeEvent,
} from '../../host/serve/scheduler/index.js';
import { connector, RecordingLogger } from './scheduler-harness.js';

const everyMinute = { cron: '0 * * * * *' } as const;

/** A coordinator whose database is down for the first `failures` attempts to start working. */
class UnreachableCoordinator implements RunCoordinator {
  readonly host = 'here:1';
  readonly leaseMs = 30_000;
  readonly lostAfterMs = 40_000;
  attempts = 0;
  working = false;
  readonly enqueued: ScheduledTick[] = [];
  constructor(private failures: number) {}
  async work(): Promise<void> {
    this.attempts++;
    if (this.failures-- > 0)
      throw new TransientError(
        'CLUSTER_DATABASE_UNREACHABLE',
        'The cluster database cannot be reached: connect ECONNREFUSED 127.0.0.1:5432',
      );
    this.working = true;
  }
  async stopWorking(): Promise<void> {
    this.working = false;
  }
  async enqueue(tick: ScheduledTick): Promise<boolean> {
    this.enqueued.push(tick);
    return true;
  }
  async acquire(): Promise<LeaseOutcome> {
    return { heldBy: undefined };
  }
  async close(): Promise<void> {}
}

class ClusterHost implements ServableHost {
  readonly stateDir = ':memory:';
  readonly configPath = undefined;
  readonly config = {
    plugins: [],
    state: { dir: ':memory:' },
    limits: DEFAULT_LIMITS,
    maxConcurrentRuns: 2,
    credentials: [],
    sinks: [],
    connectors: [connector('a', everyMinute)],
  };
  constructor(readonly coordinator: UnreachableCoordinator) {}
  run(): Promise<RunResult> {
    return new Promise(() => undefined);
  }
  async close(): Promise<void> {}
}

describe('scheduler: serve joining a cluster whose database is down', () => {
  function start(coordinator: UnreachableCoordinator) {
    const clock = new FakeClock('2026-11-25T09:59:00.500Z');
    const signals = new FakeSignals();
    const logger = new RecordingLogger();
    const events: (SchedulerEvent | ServeEvent)[] = [];
    let served: ServedHosts<ClusterHost> | undefined;
    const serving = serveHost({
      loadHost: async () => new ClusterHost(coordinator),
      logger,
      clock,
      signals,
      watchConfig: false,
      onEvent: (e) => events.push(e),
      startServer: async (s) => void (served = s),
    });
    return { clock, signals, logger, events, serving, readiness: () => served!.readiness() };
  }

  it('tries again after 1 s, 2 s, 4 s, says why (log and readiness), and schedules once it joined', async () => {
    const coordinator = new UnreachableCoordinator(3);
    const s = start(coordinator);
    await settle();
    expect(coordinator.attempts).to.equal(1);
    expect(await s.readiness()).to.deep.equal({
      ready: false,
      reason: 'waiting for the cluster: The cluster database cannot be reached: connect ECONNREFUSED 127.0.0.1:5432',
    });
    expect(s.clock.pending()).to.deep.equal([new Date('2026-11-25T09:59:01.500Z')]);
    await s.clock.advance(1000);
    expect(coordinator.attempts).to.equal(2);
    expect(s.clock.pending()).to.deep.equal([new Date('2026-11-25T09:59:03.500Z')]);
    await s.clock.advance(2000);
    expect(coordinator.attempts).to.equal(3);
    expect(s.clock.pending()).to.deep.equal([new Date('2026-11-25T09:59:07.500Z')]);
    expect(s.events.filter((e) => e.type === 'serving')).to.deep.equal([]);
    await s.clock.advance(4000);
    expect(coordinator.attempts).to.equal(4);
    expect(coordinator.working).to.equal(true);
    expect(
      s.events.filter((e) => e.type === 'waiting').map((e) => (e as { retryInMs: number }).retryInMs),
    ).to.deep.equal([1000, 2000, 4000]);
    expect(s.events.filter((e) => e.type === 'serving')).to.have.length(1);
    expect(await s.readiness()).to.deep.equal({ ready: true });
    expect(s.logger.at('warn')).to.deep.equal([
      'Cannot join the cluster yet: The cluster database cannot be reached: connect ECONNREFUSED 127.0.0.1:5432; trying again in 1 s',
      'Cannot join the cluster yet: The cluster database cannot be reached: connect ECONNREFUSED 127.0.0.1:5432; trying again in 2 s',
      'Cannot join the cluster yet: The cluster database cannot be reached: connect ECONNREFUSED 127.0.0.1:5432; trying again in 4 s',
    ]);
    expect(s.logger.at('info')).to.include('Joined the cluster: scheduling');
    // Scheduled now: the next minute's tick goes to the queue.
    await s.clock.advanceTo('2026-11-25T10:00:00.000Z');
    expect(coordinator.enqueued.map((t) => t.scheduledFor.toISOString())).to.deep.equal(['2026-11-25T10:00:00.000Z']);
    s.signals.emit('SIGTERM');
    expect(await s.serving).to.equal(0);
  });

  it('stops waiting on SIGTERM and exits 0 without scheduling anything', async () => {
    const coordinator = new UnreachableCoordinator(Infinity);
    const s = start(coordinator);
    await settle();
    await s.clock.advance(1000);
    expect(coordinator.attempts).to.equal(2);
    s.signals.emit('SIGTERM');
    expect(await s.serving).to.equal(0);
    await s.clock.advance(3_600_000);
    expect(coordinator.attempts).to.equal(2);
    expect(coordinator.enqueued).to.deep.equal([]);
    expect(s.events.filter((e) => e.type === 'serving')).to.deep.equal([]);
  });
});
