import { expect } from 'chai';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CancelledError,
  ConfigProblemsError,
  DEFAULT_LIMITS,
  type ConnectorConfig,
  type TributaryConfig,
} from 'tributary-kit';
import {
  FakeClock,
  FakeSignals,
  serve,
  settle,
  type SchedulerEvent,
  type ServeEvent,
  type ServeOptions,
} from '../../host/serve/scheduler/index.js';
import { connector, FakeRunner, RecordingLogger } from './scheduler-harness.js';

const hourly = { recurrence: 'hourly', at: ':00' } as const;

function config(connectors: ConnectorConfig[], maxConcurrentRuns = 2): TributaryConfig {
  return {
    plugins: [],
    state: { dir: ':memory:' },
    limits: DEFAULT_LIMITS,
    maxConcurrentRuns,
    credentials: [],
    sinks: [],
    connectors,
  };
}

async function setup(initial: TributaryConfig, overrides: Partial<ServeOptions> = {}) {
  const clock = new FakeClock('2026-11-25T09:59:00Z');
  const runner = new FakeRunner(clock, true);
  const signals = new FakeSignals();
  const logger = new RecordingLogger();
  const events: (SchedulerEvent | ServeEvent)[] = [];
  const state = { config: initial as TributaryConfig | Error };
  let fileChanged: (() => void) | undefined;
  const options: ServeOptions = {
    loadConfig: async () => {
      if (state.config instanceof Error) throw state.config;
      return state.config;
    },
    configPath: '/etc/tributary.config.yaml',
    watchConfig: (_path, onChange) => {
      fileChanged = onChange;
      return () => (fileChanged = undefined);
    },
    runConnector: runner.run,
    stateDir: ':memory:',
    logger,
    clock,
    signals,
    onEvent: (e) => events.push(e),
    ...overrides,
  };
  let exitCode: number | undefined;
  const serving = serve(options).then((code) => (exitCode = code));
  const waitFor = async (type: string): Promise<void> => {
    for (let i = 0; i < 20 && !events.some((e) => e.type === type); i += 1) await settle();
    expect(events.map((e) => e.type)).to.include(type);
  };
  await waitFor('serving');
  return {
    clock,
    runner,
    signals,
    logger,
    events,
    state,
    serving,
    exitCode: () => exitCode,
    changeFile: () => fileChanged?.(),
    watching: () => fileChanged !== undefined,
    waitFor,
  };
}

describe('scheduler: serve', () => {
  it('refuses a broken config before scheduling anything', async () => {
    const broken = new ConfigProblemsError([{ path: 'connectors[0].sink', message: 'unknown sink "nope"' }]);
    const runner = new FakeRunner(new FakeClock('2026-11-25T09:59:00Z'));
    const signals = new FakeSignals();
    const attempt = serve({
      loadConfig: async () => {
        throw broken;
      },
      runConnector: runner.run,
      stateDir: ':memory:',
      logger: new RecordingLogger(),
      signals,
    });
    await attempt.then(
      () => expect.fail('serve should have thrown'),
      (error: unknown) => expect(error).to.equal(broken),
    );
    expect(signals.listening).to.equal(false);
  });

  it('refuses a config whose schedule is invalid, naming the connector path', async () => {
    const bad = config([connector('good', hourly), connector('bad', { recurrence: 'daily', at: '24:00' })]);
    const error = await serve({
      loadConfig: async () => bad,
      runConnector: async () => undefined,
      stateDir: ':memory:',
      logger: new RecordingLogger(),
      signals: new FakeSignals(),
    }).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(ConfigProblemsError);
    expect((error as ConfigProblemsError).problems.map((p) => p.path)).to.deep.equal(['connectors[1].schedule']);
  });

  it('SIGTERM mid-run: no new runs, the run is cancelled by shutdown, exit 0 once it ended', async () => {
    const s = await setup(config([connector('a', hourly)]));
    await s.clock.advanceTo('2026-11-25T10:00:00Z');
    expect(s.runner.active()).to.deep.equal(['a']);
    s.signals.emit('SIGTERM');
    await s.serving;
    expect(s.exitCode()).to.equal(0);
    const [run] = s.runner.runs;
    expect(run!.signal.reason).to.be.instanceOf(CancelledError).with.property('message', 'Cancelled by shutdown');
    expect(s.logger.at('info')).to.include('SIGTERM received: stopping, cancelling a');
    expect(s.logger.at('warn')).to.include('a: run ended: failure (0 rows processed): Cancelled by shutdown');
    expect(s.signals.listening).to.equal(false);
    expect(s.watching()).to.equal(false);
    await s.clock.advanceTo('2026-11-25T12:00:00Z');
    expect(s.runner.runs).to.have.length(1);
  });

  it('waits for a run that ends some time after the cancellation', async () => {
    const slow = new FakeRunner(new FakeClock('2026-11-25T09:59:00Z')); // does not end on abort by itself
    const t = await setup(config([connector('a', hourly)]), { runConnector: slow.run });
    await t.clock.advanceTo('2026-11-25T10:00:00Z');
    t.signals.emit('SIGINT');
    await settle();
    expect(t.exitCode()).to.equal(undefined);
    t.signals.emit('SIGTERM'); // a second signal does not cut it short
    expect(t.logger.at('warn')).to.include('SIGTERM received: already stopping, waiting for a');
    slow.runs[0]!.finish({ status: 'failure', description: 'Cancelled by shutdown' });
    await t.serving;
    expect(t.exitCode()).to.equal(0);
  });

  it('gives up with exit code 1 when a run ignores the cancellation past the grace period', async () => {
    const clockRunner = new FakeRunner(new FakeClock('2026-11-25T09:59:00Z'));
    const s = await setup(config([connector('a', hourly)]), { runConnector: clockRunner.run, shutdownGraceMs: 10_000 });
    await s.clock.advanceTo('2026-11-25T10:00:00Z');
    s.signals.emit('SIGTERM');
    await s.clock.advance(9_999);
    expect(s.exitCode()).to.equal(undefined);
    await s.clock.advance(1);
    await s.serving;
    expect(s.exitCode()).to.equal(1);
    expect(s.logger.at('error')[0]).to.match(/^Runs still going 10s after cancellation: a/);
  });

  it('SIGHUP reloads: the new schedule applies', async () => {
    const s = await setup(config([connector('a', hourly)]));
    s.state.config = config([connector('a', { recurrence: 'hourly', at: ':30' })]);
    s.signals.emit('SIGHUP');
    await s.waitFor('reloaded');
    await s.clock.advanceTo('2026-11-25T10:30:00Z');
    expect(s.runner.runs.map((r) => r.startedAt.toISOString())).to.deep.equal(['2026-11-25T10:30:00.000Z']);
    s.signals.emit('SIGTERM');
    await s.serving;
  });

  it('a changed config file reloads; a broken new config keeps the old schedule and says why', async () => {
    const s = await setup(config([connector('a', hourly)]));
    s.state.config = new ConfigProblemsError([
      { path: 'connectors[0].nqlId', message: 'must match ^[a-z][a-z0-9_]{0,63}$' },
    ]);
    s.changeFile();
    await s.waitFor('reload-failed');
    expect(s.logger.at('error')[0]).to.match(
      /^Config reload failed, the current schedule stays in force: The configuration is invalid \(1 problem\):\n {2}- connectors\[0\]\.nqlId: must match/,
    );
    s.state.config = config([connector('a', { cron: 'not cron' })]);
    s.signals.emit('SIGHUP');
    await s.waitFor('reload-failed');
    await s.clock.advanceTo('2026-11-25T10:00:00Z');
    expect(s.runner.runs.map((r) => r.nqlId)).to.deep.equal(['a']);
    s.state.config = config([connector('a', hourly), connector('b', hourly)]);
    s.changeFile();
    await s.waitFor('reloaded');
    await s.clock.advanceTo('2026-11-25T11:00:00Z');
    expect(s.runner.runs.map((r) => r.nqlId)).to.deep.equal(['a', 'b']); // a still running: skipped
    s.signals.emit('SIGTERM');
    await s.serving;
  });

  it('hands each accepted config to onConfig; a config onConfig refuses is not applied', async () => {
    const seen: string[][] = [];
    let refuse = false;
    const onConfig = (c: TributaryConfig): void => {
      if (refuse) throw new Error('plugin "x" failed to load');
      seen.push(c.connectors.map((k) => k.nqlId));
    };
    const s = await setup(config([connector('a', hourly)]), { onConfig });
    s.state.config = config([connector('a', hourly), connector('b', hourly)]);
    s.signals.emit('SIGHUP');
    await s.waitFor('reloaded');
    expect(seen).to.deep.equal([['a'], ['a', 'b']]);
    refuse = true;
    s.state.config = config([connector('c', hourly)]);
    s.changeFile();
    await s.waitFor('reload-failed');
    expect(s.logger.at('error')).to.include(
      'Config reload failed, the current schedule stays in force: plugin "x" failed to load',
    );
    await s.clock.advanceTo('2026-11-25T10:00:00Z');
    expect(s.runner.runs.map((r) => r.nqlId)).to.deep.equal(['a', 'b']);
    s.signals.emit('SIGTERM');
    await s.serving;
  });

  it('holds the file lock in the state dir (from the config by default) while a connector runs', async () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'tributary-serve-'));
    try {
      const s = await setup({ ...config([connector('a', hourly)]), state: { dir: stateDir } }, { stateDir: undefined });
      await s.clock.advanceTo('2026-11-25T10:00:00Z');
      expect(existsSync(join(stateDir, 'locks', 'a.lock'))).to.equal(true);
      s.signals.emit('SIGTERM');
      await s.serving;
      expect(existsSync(join(stateDir, 'locks', 'a.lock'))).to.equal(false);
    } finally {
      rmSync(stateDir, { recursive: true, force: true });
    }
  });
});
