import { expect } from 'chai';
import { ConfigProblemsError, DEFAULT_LIMITS, type ConnectorConfig, type RunResult } from 'tributary-kit';
import type { Host } from 'tributary-kit/internal/kernel/create-host.js';
import {
  FakeClock,
  FakeSignals,
  serveHost,
  settle,
  type ServableHost,
  type ServeEvent,
  type SchedulerEvent,
} from '../../host/serve/scheduler/index.js';
import { connector, RecordingLogger } from './scheduler-harness.js';

// The host the CLI builds can be served as is.
const _hostIsServable = (host: Host): ServableHost => host;

const hourly = { recurrence: 'hourly', at: ':00' } as const;

/** A host whose runs last until the test ends them (or they are aborted). */
class FakeHost implements ServableHost {
  static made: FakeHost[] = [];
  readonly stateDir = ':memory:';
  readonly configPath = undefined;
  readonly config;
  closed = false;
  readonly runs: { nqlId: string; signal: AbortSignal; end: () => void }[] = [];
  constructor(
    readonly label: string,
    connectors: ConnectorConfig[],
  ) {
    this.config = {
      plugins: [],
      state: { dir: ':memory:' },
      limits: DEFAULT_LIMITS,
      maxConcurrentRuns: 4,
      credentials: [],
      sinks: [],
      connectors,
    };
    FakeHost.made.push(this);
  }
  run(nqlId: string, options: { signal: AbortSignal }): Promise<RunResult> {
    return new Promise((resolve) => {
      const end = (): void =>
        resolve({ nqlId, status: 'success', description: '', processedRows: 0 } as unknown as RunResult);
      options.signal.addEventListener('abort', end);
      this.runs.push({ nqlId, signal: options.signal, end });
    });
  }
  async close(): Promise<void> {
    this.closed = true;
  }
}

describe('scheduler: serveHost', () => {
  beforeEach(() => (FakeHost.made = []));

  async function start(first: () => FakeHost) {
    const clock = new FakeClock('2026-11-25T09:59:00Z');
    const signals = new FakeSignals();
    const events: (SchedulerEvent | ServeEvent)[] = [];
    let next: () => FakeHost = first;
    const serving = serveHost({
      loadHost: async () => next(),
      logger: new RecordingLogger(),
      clock,
      signals,
      onEvent: (e) => events.push(e),
    });
    const waitFor = async (type: string, count = 1): Promise<void> => {
      for (let i = 0; i < 20 && events.filter((e) => e.type === type).length < count; i += 1) await settle();
      expect(events.filter((e) => e.type === type)).to.have.length(count);
    };
    return { clock, signals, serving, waitFor, setNext: (f: () => FakeHost) => (next = f) };
  }

  it('runs on the newest host after a reload and closes the old one once its run has ended', async () => {
    const s = await start(() => new FakeHost('v1', [connector('a', hourly)]));
    await s.waitFor('serving');
    await s.clock.advanceTo('2026-11-25T10:00:00Z');
    const [v1] = FakeHost.made;
    expect(v1!.runs.map((r) => r.nqlId)).to.deep.equal(['a']);
    s.setNext(() => new FakeHost('v2', [connector('a', hourly), connector('b', hourly)]));
    s.signals.emit('SIGHUP');
    await s.waitFor('reloaded');
    expect(v1!.closed).to.equal(false); // its run of a is still going
    v1!.runs[0]!.end();
    await settle();
    expect(v1!.closed).to.equal(true);
    await s.clock.advanceTo('2026-11-25T11:00:00Z');
    const v2 = FakeHost.made[1]!;
    expect(v2.runs.map((r) => r.nqlId)).to.deep.equal(['a', 'b']);
    s.signals.emit('SIGTERM');
    expect(await s.serving).to.equal(0);
    expect(v2.runs.every((r) => r.signal.aborted)).to.equal(true);
    expect(v2.closed).to.equal(true);
  });

  it('keeps the current host when a reload fails, and closes a host whose schedules are invalid', async () => {
    const s = await start(() => new FakeHost('v1', [connector('a', hourly)]));
    await s.waitFor('serving');
    s.setNext(() => {
      throw new ConfigProblemsError([{ path: 'sinks[0].type', message: 'unknown sink type "nope"' }]);
    });
    s.signals.emit('SIGHUP');
    await s.waitFor('reload-failed');
    s.setNext(() => new FakeHost('bad', [connector('a', { cron: '0 0 31 2 *' })]));
    s.signals.emit('SIGHUP');
    await s.waitFor('reload-failed', 2);
    const [v1, bad] = FakeHost.made;
    expect(bad!.closed).to.equal(true);
    expect(v1!.closed).to.equal(false);
    await s.clock.advanceTo('2026-11-25T10:00:00Z');
    expect(v1!.runs).to.have.length(1);
    s.signals.emit('SIGINT');
    expect(await s.serving).to.equal(0);
    expect(v1!.closed).to.equal(true);
  });

  it('throws on a broken first config and leaves no host open', async () => {
    const s = await start(() => new FakeHost('bad', [connector('a', { recurrence: 'weekly', at: '02:00' })]));
    const error = await s.serving.catch((e: unknown) => e);
    expect(error).to.be.instanceOf(ConfigProblemsError);
    expect((error as ConfigProblemsError).problems[0]).to.deep.include({ path: 'connectors[0].schedule' });
    expect(FakeHost.made.every((h) => h.closed)).to.equal(true);
  });
});
