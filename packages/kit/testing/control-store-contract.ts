import assert from 'node:assert/strict';
import type { AuditEntry, ControlStore, HeldRun, HoldDecision, LiveRun, RunLogLine } from '../core/index.js';
import { testRunner } from './test-runner.js';

/** One test's store, as the setup of {@link describeControlStore} opens it. */
export interface ControlStoreFixture {
  readonly store: ControlStore;
  /** Called after the test, whatever its outcome: closes what the setup opened. */
  teardown(): Promise<void>;
}

/** Milliseconds that are not zero: a store that keeps seconds only (or microseconds wrongly) shows. */
const T0 = new Date('2026-12-01T10:00:00.123Z');
const at = (minutes: number): Date => new Date(T0.getTime() + minutes * 60_000);

const held = (runId: string, minutes: number, nqlId = 'people'): HeldRun => ({
  runId,
  nqlId,
  host: 'host-a:41',
  heldAt: at(minutes),
  deadline: at(minutes + 30),
  reasons: ['3 leavers, more than the 2 allowed', '40 % of the users change, more than 10 %'],
  counts: { receivedRows: 120, processedRows: 118, leavers: 3 },
});

const approved: HoldDecision = { verdict: 'approved', by: 'ann', address: '10.0.0.7', at: at(1) };
const rejected: HoldDecision = { verdict: 'rejected', by: 'timeout', at: at(2) };

function declareHolds(store: () => ControlStore): void {
  testRunner().it('keeps a held run as given and lists the waiting ones oldest first', async () => {
    const counted: HeldRun = {
      ...held('run-b', 1),
      counts: { receivedRows: 5, processedRows: 5, leavers: 0, clearedValues: 0, changedUsers: 4 },
    };
    await store().hold(held('run-c', 2, 'other'));
    await store().hold(held('run-a', 0));
    await store().hold(counted);
    assert.deepEqual(await store().heldRun('run-b'), counted, 'the run read back');
    assert.deepEqual(await store().heldRun('run-a'), held('run-a', 0), 'optional counts left out stay out');
    assert.equal(await store().heldRun('run-x'), undefined, 'a run never held');
    assert.deepEqual(
      (await store().heldRuns()).map((r) => r.runId),
      ['run-a', 'run-b', 'run-c'],
    );
    await store().decide('run-b', approved);
    assert.deepEqual(
      (await store().heldRuns()).map((r) => r.runId),
      ['run-a', 'run-c'],
      'a decided run is no longer listed',
    );
    assert.deepEqual(await store().heldRun('run-b'), { ...counted, decision: approved }, 'the decided run');
  });

  testRunner().it(
    'keeps the first decision: decided, then already with the stored one; unknown for no such run',
    async () => {
      await store().hold(held('run-1', 0));
      assert.deepEqual(await store().decide('run-1', approved), {
        outcome: 'decided',
        run: { ...held('run-1', 0), decision: approved },
      });
      assert.deepEqual(await store().decide('run-1', rejected), {
        outcome: 'already',
        run: { ...held('run-1', 0), decision: approved },
      });
      assert.deepEqual((await store().heldRun('run-1'))?.decision, approved, 'the stored decision');
      const unknown = await store().decide('run-9', approved);
      assert.equal(unknown.outcome, 'unknown');
      assert.equal(unknown.run, undefined);
      await store().hold(held('run-2', 1));
      assert.equal((await store().decide('run-2', rejected)).outcome, 'decided');
      assert.deepEqual((await store().heldRun('run-2'))?.decision, rejected, 'a decision without an address');
    },
  );

  testRunner().it('lets exactly one of several decisions made at once win', async () => {
    await store().hold(held('run-1', 0));
    const deciders = ['ann', 'bob', 'cy', 'dee', 'eve'];
    const answers = await Promise.all(
      deciders.map((by, i) => store().decide('run-1', { verdict: i % 2 ? 'rejected' : 'approved', by, at: at(i) })),
    );
    const won = answers.filter((a) => a.outcome === 'decided');
    assert.equal(won.length, 1, `outcomes: ${answers.map((a) => a.outcome).join(', ')}`);
    const winner = won[0]!.run!.decision!;
    for (const answer of answers.filter((a) => a !== won[0])) {
      assert.equal(answer.outcome, 'already');
      assert.deepEqual(answer.run?.decision, winner, 'every loser sees the winning decision');
    }
    assert.deepEqual((await store().heldRun('run-1'))?.decision, winner);
  });

  testRunner().it('forgets a released hold', async () => {
    await store().hold(held('run-1', 0));
    await store().hold(held('run-2', 1));
    await store().releaseHold('run-1');
    await store().releaseHold('run-9');
    assert.equal(await store().heldRun('run-1'), undefined);
    assert.deepEqual(
      (await store().heldRuns()).map((r) => r.runId),
      ['run-2'],
    );
    assert.equal((await store().decide('run-1', approved)).outcome, 'unknown');
  });
}

function declarePauses(store: () => ControlStore): void {
  testRunner().it(
    "pauses a schedule once (a second pause keeps the first one's actor and time) and lifts it",
    async () => {
      await store().pause({ nqlId: 'people', by: 'ann', at: at(0) });
      await store().pause({ nqlId: 'people', by: 'bob', at: at(5) });
      await store().pause({ nqlId: 'assets', by: 'cli', at: at(3) });
      assert.deepEqual(await store().pauses(), [
        { nqlId: 'assets', by: 'cli', at: at(3) },
        { nqlId: 'people', by: 'ann', at: at(0) },
      ]);
      assert.equal(await store().unpause('people'), true, 'unpause a paused connector');
      assert.equal(await store().unpause('people'), false, 'unpause it again');
      assert.equal(await store().unpause('never'), false, 'unpause a connector never paused');
      assert.deepEqual(await store().pauses(), [{ nqlId: 'assets', by: 'cli', at: at(3) }]);
      await store().pause({ nqlId: 'people', by: 'bob', at: at(9) });
      assert.deepEqual((await store().pauses())[1], { nqlId: 'people', by: 'bob', at: at(9) }, 'paused anew');
    },
  );

  testRunner().it('remembers when a quarantine was last lifted: the latest time wins', async () => {
    assert.equal(await store().quarantineLiftedAt('people'), undefined, 'never lifted');
    await store().liftQuarantine('people', at(1));
    assert.deepEqual(await store().quarantineLiftedAt('people'), at(1));
    await store().liftQuarantine('people', at(7));
    assert.deepEqual(await store().quarantineLiftedAt('people'), at(7), 'lifted again later');
    await store().liftQuarantine('people', at(4));
    assert.deepEqual(await store().quarantineLiftedAt('people'), at(7), 'a lift told late, of an earlier time');
    assert.equal(await store().quarantineLiftedAt('assets'), undefined, 'another connector');
  });
}

const entry = (minutes: number, action: AuditEntry['action'], target: string, address?: string): AuditEntry => ({
  time: at(minutes),
  actor: address ? { name: 'ann', address } : { name: 'cli' },
  action,
  target,
  outcome: `accepted ${minutes}`,
});

function declareAudit(store: () => ControlStore): void {
  testRunner().it('pages the audit trail newest first, with its total', async () => {
    const entries = [
      entry(2, 'pause', 'people', '10.0.0.7'),
      entry(0, 'run-now', 'people'),
      entry(4, 'approve', 'run-1', '::1'),
      entry(1, 'resume', 'assets'),
      entry(3, 'cancel', 'run-2'),
    ];
    for (const e of entries) await store().recordAudit(e);
    const newest = [...entries].sort((a, b) => b.time.getTime() - a.time.getTime());
    assert.deepEqual(await store().audit({ offset: 0, limit: 10 }), { entries: newest, total: 5 });
    assert.deepEqual(await store().audit({ offset: 1, limit: 2 }), { entries: newest.slice(1, 3), total: 5 });
    assert.deepEqual(await store().audit({ offset: 5, limit: 2 }), { entries: [], total: 5 }, 'past the end');
  });

  testRunner().it('shows the later of two entries of the same time first', async () => {
    await store().recordAudit(entry(0, 'pause', 'people'));
    await store().recordAudit(entry(0, 'resume', 'people'));
    const { entries } = await store().audit({ offset: 0, limit: 5 });
    assert.deepEqual(
      entries.map((e) => e.action),
      ['resume', 'pause'],
    );
  });
}

const live = (runId: string, minutes: number, extra: Partial<LiveRun> = {}): Omit<LiveRun, 'cancelRequested'> => ({
  runId,
  nqlId: 'people',
  host: 'host-a:41',
  startedAt: at(minutes),
  updatedAt: at(minutes + 1),
  phase: 'reading',
  receivedRows: 1_000,
  processedRows: 990,
  ...extra,
});

function declareLive(store: () => ControlStore): void {
  testRunner().it(
    'lists live runs oldest first; a new report replaces the last but keeps a cancel request',
    async () => {
      await store().reportLive(live('run-2', 3, { expectedRows: 5_000 }));
      await store().reportLive(live('run-1', 0));
      assert.deepEqual(await store().liveRuns(), [live('run-1', 0), live('run-2', 3, { expectedRows: 5_000 })]);
      assert.equal(await store().requestCancel('run-1', 'ann', at(2)), true);
      const cancelRequested = { by: 'ann', at: at(2) };
      assert.deepEqual((await store().liveRuns())[0], { ...live('run-1', 0), cancelRequested });
      const later = live('run-1', 0, { updatedAt: at(4), phase: 'committing', processedRows: 2_000, expectedRows: 3 });
      await store().reportLive(later);
      assert.deepEqual((await store().liveRuns())[0], { ...later, cancelRequested }, 'the report after the request');
      await store().reportLive(live('run-2', 3));
      assert.deepEqual((await store().liveRuns())[1], live('run-2', 3), 'expectedRows no longer announced');
    },
  );

  testRunner().it('cancels and ends only runs that are live', async () => {
    assert.equal(await store().requestCancel('run-9', 'ann', at(0)), false, 'a run never reported');
    await store().reportLive(live('run-1', 0));
    await store().reportLive(live('run-2', 1));
    await store().endLive('run-1');
    await store().endLive('run-9');
    assert.deepEqual(
      (await store().liveRuns()).map((r) => r.runId),
      ['run-2'],
    );
    assert.equal(await store().requestCancel('run-1', 'ann', at(2)), false, 'a run that ended');
    await store().reportLive(live('run-1', 5));
    assert.equal((await store().liveRuns())[1]?.cancelRequested, undefined, 'a new report of an ended run');
  });
}

const line = (minutes: number, level: RunLogLine['level'], message: string): RunLogLine => ({
  time: at(minutes),
  level,
  message,
});

function declareRunLog(store: () => ControlStore): void {
  testRunner().it("keeps each run's lines in the order appended, the first ones up to the limit", async () => {
    const first = [line(0, 'info', 'Reading people'), line(0, 'debug', 'page 1\n\tof ünïcode'), line(1, 'warn', '')];
    const second = [line(1, 'error', 'Row 7: no Username'), line(2, 'info', 'Committed')];
    await store().appendRunLog('run-1', first);
    await store().appendRunLog('run-2', [line(0, 'info', 'another run')]);
    await store().appendRunLog('run-1', []);
    await store().appendRunLog('run-1', second);
    assert.deepEqual(await store().runLog('run-1', 100), [...first, ...second]);
    assert.deepEqual(await store().runLog('run-1', 2), first.slice(0, 2), 'the first two');
    assert.deepEqual(await store().runLog('run-2', 100), [line(0, 'info', 'another run')]);
    assert.deepEqual(await store().runLog('run-9', 100), [], 'a run without lines');
  });

  testRunner().it('keeps many lines appended at once', async () => {
    const lines = Array.from({ length: 1_500 }, (_, i) => line(i, 'info', `line ${i}`));
    await store().appendRunLog('run-1', lines);
    const read = await store().runLog('run-1', 2_000);
    assert.equal(read.length, 1_500);
    assert.deepEqual(read[1_499], lines[1_499]);
    assert.deepEqual(
      read.map((l) => l.message),
      lines.map((l) => l.message),
    );
  });
}

function declarePrune(store: () => ControlStore): void {
  testRunner().it(
    'prunes audit entries and log lines older than the time and live reports not updated since',
    async () => {
      for (const minutes of [0, 10, 20]) await store().recordAudit(entry(minutes, 'run-now', 'people'));
      await store().appendRunLog('run-1', [line(0, 'info', 'old'), line(10, 'info', 'at the time')]);
      await store().appendRunLog('run-2', [line(20, 'info', 'new')]);
      await store().reportLive(live('stale', 0, { updatedAt: at(9) }));
      await store().reportLive(live('fresh', 1, { updatedAt: at(10) }));
      await store().hold(held('run-held', 0));
      await store().pause({ nqlId: 'people', by: 'ann', at: at(0) });
      await store().liftQuarantine('people', at(0));
      await store().pruneBefore(at(10));
      const { entries, total } = await store().audit({ offset: 0, limit: 10 });
      assert.deepEqual({ times: entries.map((e) => e.time), total }, { times: [at(20), at(10)], total: 2 });
      assert.deepEqual(await store().runLog('run-1', 10), [line(10, 'info', 'at the time')]);
      assert.deepEqual(await store().runLog('run-2', 10), [line(20, 'info', 'new')]);
      assert.deepEqual(
        (await store().liveRuns()).map((r) => r.runId),
        ['fresh'],
      );
      assert.deepEqual(await store().heldRun('run-held'), held('run-held', 0), 'a held run stays');
      assert.equal((await store().pauses()).length, 1, 'a pause stays');
      assert.deepEqual(await store().quarantineLiftedAt('people'), at(0), 'a lifted quarantine stays');
    },
  );
}

/**
 * The contract every {@link ControlStore} keeps, as mocha cases: held runs and their first-wins
 * decisions (also when several come at once), pauses, lifted quarantines, the audit trail's pages,
 * live reports and cancel requests, run log lines and the pruning. Times read back exactly, to the
 * millisecond. `setup` opens a fresh, empty store for each case.
 */
export function describeControlStore(name: string, setup: () => Promise<ControlStoreFixture>): void {
  testRunner().describe(`control store contract: ${name}`, () => {
    let fixture: ControlStoreFixture | undefined;
    const store = (): ControlStore => fixture!.store;
    testRunner().beforeEach(async () => {
      fixture = await setup();
    });
    testRunner().afterEach(async () => {
      await fixture?.teardown();
      fixture = undefined;
    });
    declareHolds(store);
    declarePauses(store);
    declareAudit(store);
    declareLive(store);
    declareRunLog(store);
    declarePrune(store);
  });
}
