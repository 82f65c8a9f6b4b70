/**
 * The control store without SQLite: the kit's contract, and where the contract says nothing, the
 * SQLite store's own answers to the same calls.
 */
import { expect } from 'chai';
import type { AuditEntry, ControlStore, HeldRun, HoldDecision, LiveRun, RunLogLine } from '../../../core/index.js';
import { describeControlStore } from '../../../testing/index.js';
import { memoryControlStore } from '../store/memory-control-store.js';
import { openSqliteControlStore, type SqliteControlStore } from '../store/sqlite-control-store.js';

describeControlStore('in memory (no SQLite)', async () => ({
  store: memoryControlStore(),
  teardown: async () => undefined,
}));

const T0 = new Date('2026-12-01T10:00:00.123Z');
const at = (minutes: number): Date => new Date(T0.getTime() + minutes * 60_000);
const INVALID = new Date(Number.NaN);

const held = (runId: string, minutes = 0, more: Partial<HeldRun> = {}): HeldRun => ({
  runId,
  nqlId: 'people',
  host: 'host-a:41',
  heldAt: at(minutes),
  deadline: at(minutes + 30),
  reasons: ['3 leavers'],
  counts: { receivedRows: 9, processedRows: 8, leavers: 3 },
  ...more,
});
const live = (runId: string, minutes = 0): Omit<LiveRun, 'cancelRequested'> => ({
  runId,
  nqlId: 'people',
  host: 'host-a:41',
  startedAt: at(minutes),
  updatedAt: at(minutes + 1),
  phase: 'reading',
  receivedRows: 10,
  processedRows: 9,
});
const entry = (minutes: number, actor: AuditEntry['actor'] = { name: 'ann' }): AuditEntry => ({
  time: at(minutes),
  actor,
  action: 'pause',
  target: 'people',
  outcome: `accepted ${minutes}`,
});
const line = (minutes: number, message: string): RunLogLine => ({ time: at(minutes), level: 'info', message });
const approved: HoldDecision = { verdict: 'approved', by: 'ann', at: at(1) };

/** A call's answer, or that it was refused (SQLite's errors and the memory store's are not the same class). */
const settled = (answer: Promise<unknown>): Promise<unknown> =>
  answer.then(
    (value) => ({ value }),
    () => 'refused',
  );

/** Names in the order of their UTF-8 bytes, which is not the order of their UTF-16 code units. */
const NAMES_IN_ORDER = ['B', 'a', 'b', 'é', '\uFF01', '\u{1F600}'];
const NAMES_SHUFFLED = ['\uFF01', 'b', '\u{1F600}', 'B', 'é', 'a'];

describe("in-memory control store: the SQLite store's answers beyond the contract", () => {
  let sqlite: SqliteControlStore;
  beforeEach(() => {
    sqlite = openSqliteControlStore(':memory:');
  });
  afterEach(() => sqlite.close());

  /** Plays `scenario` on an empty SQLite store and an empty memory store: the answers must be equal; SQLite's. */
  async function bothAnswer<T>(scenario: (store: ControlStore) => Promise<T>): Promise<T> {
    const answers = await scenario(sqlite.store);
    expect(await scenario(memoryControlStore())).to.deep.equal(answers);
    return answers;
  }

  it('replaces a run held again, dropping its decision, and keeps no decision given with a hold', async () => {
    const answers = await bothAnswer(async (store) => {
      await store.hold(held('run-1'));
      await store.decide('run-1', approved);
      await store.hold(held('run-1', 5, { nqlId: 'other' }));
      await store.hold({ ...held('run-2', 6), decision: approved });
      return {
        replaced: await store.heldRun('run-1'),
        waiting: (await store.heldRuns()).map((r) => r.runId),
        decided: (await store.decide('run-1', { ...approved, by: 'bob' })).outcome,
        unknown: await store.decide('run-9', approved),
      };
    });
    expect(answers).to.deep.equal({
      replaced: held('run-1', 5, { nqlId: 'other' }),
      waiting: ['run-1', 'run-2'],
      decided: 'decided',
      unknown: { outcome: 'unknown' },
    });
  });

  it('orders equal times by id and pauses by name as SQLite compares text; times sort as ISO text', async () => {
    const answers = await bothAnswer(async (store) => {
      for (const name of NAMES_SHUFFLED) {
        await store.hold(held(name, 0));
        await store.reportLive(live(name, 0));
        await store.pause({ nqlId: name, by: 'ann', at: T0 });
      }
      await store.hold(held('year -1', 0, { heldAt: new Date('-000001-01-01T00:00:00.000Z') }));
      await store.hold(held('year 10000', 0, { heldAt: new Date('+010000-01-01T00:00:00.000Z') }));
      return {
        held: (await store.heldRuns()).map((r) => r.runId),
        live: (await store.liveRuns()).map((r) => r.runId),
        paused: (await store.pauses()).map((p) => p.nqlId),
      };
    });
    expect(answers).to.deep.equal({
      held: ['year 10000', 'year -1', ...NAMES_IN_ORDER],
      live: NAMES_IN_ORDER,
      paused: NAMES_IN_ORDER,
    });
  });

  it("accepts a second cancel request but keeps the first's; ignores one given with a report", async () => {
    const answers = await bothAnswer(async (store) => {
      await store.reportLive(live('run-1'));
      await store.reportLive({ ...live('run-2', 1), cancelRequested: { by: 'eve', at: T0 } } as LiveRun);
      return {
        requests: [await store.requestCancel('run-1', 'ann', at(2)), await store.requestCancel('run-1', 'bob', at(3))],
        cancels: (await store.liveRuns()).map((r) => r.cancelRequested),
      };
    });
    expect(answers).to.deep.equal({ requests: [true, true], cancels: [{ by: 'ann', at: at(2) }, undefined] });
  });

  it("pages as SQLite's LIMIT and OFFSET: a negative limit has no bound, a negative offset skips none", async () => {
    const answers = await bothAnswer(async (store) => {
      for (const minutes of [0, 1, 2]) await store.recordAudit(entry(minutes));
      await store.appendRunLog('run-1', [line(0, 'a'), line(1, 'b'), line(2, 'c')]);
      const audit = async (offset: number, limit: number): Promise<unknown> => {
        const { entries, total } = await store.audit({ offset, limit });
        return { outcomes: entries.map((e) => e.outcome), total };
      };
      const runLog = async (runId: string, limit: number): Promise<string[]> =>
        (await store.runLog(runId, limit)).map((l) => l.message);
      return {
        audit: [await audit(0, 0), await audit(1, -1), await audit(-2, 2), await audit(9, -1)],
        runLog: [await runLog('run-1', 0), await runLog('run-1', -1), await runLog('run-9', -1)],
        notWhole: [
          await settled(store.audit({ offset: 0, limit: 2.5 })),
          await settled(store.audit({ offset: Number.NaN, limit: 2 })),
          await settled(store.runLog('run-1', Number.POSITIVE_INFINITY)),
          await settled(store.runLog('run-9', 1.5)),
        ],
      };
    });
    expect(answers).to.deep.equal({
      audit: [
        { outcomes: [], total: 3 },
        { outcomes: ['accepted 1', 'accepted 0'], total: 3 },
        { outcomes: ['accepted 2', 'accepted 1'], total: 3 },
        { outcomes: [], total: 3 },
      ],
      runLog: [[], ['a', 'b', 'c'], []],
      notWhole: ['refused', 'refused', 'refused', 'refused'],
    });
  });

  it('refuses an invalid time and keeps nothing of that call', async () => {
    const answers = await bothAnswer(async (store) => {
      await store.hold(held('run-1'));
      await store.reportLive(live('run-1'));
      await store.pause({ nqlId: 'people', by: 'ann', at: T0 });
      const calls = [
        await settled(store.hold(held('run-2', 0, { deadline: INVALID }))),
        await settled(store.decide('run-1', { ...approved, at: INVALID })),
        await settled(store.decide('run-9', { ...approved, at: INVALID })),
        await settled(store.pause({ nqlId: 'people', by: 'bob', at: INVALID })),
        await settled(store.pause({ nqlId: 'assets', by: 'bob', at: INVALID })),
        await settled(store.liftQuarantine('people', INVALID)),
        await settled(store.recordAudit({ ...entry(0), time: INVALID })),
        await settled(store.reportLive({ ...live('run-1'), updatedAt: INVALID })),
        await settled(store.requestCancel('run-1', 'ann', INVALID)),
        await settled(store.appendRunLog('run-1', [line(0, 'fine'), { ...line(1, 'bad'), time: INVALID }])),
        await settled(store.pruneBefore(INVALID)),
      ];
      return {
        calls,
        held: await store.heldRuns(),
        live: await store.liveRuns(),
        pauses: await store.pauses(),
        lifted: await store.quarantineLiftedAt('people'),
        audit: await store.audit({ offset: 0, limit: 5 }),
        runLog: await store.runLog('run-1', 5),
      };
    });
    expect(answers).to.deep.equal({
      calls: Array(11).fill('refused'),
      held: [held('run-1')],
      live: [live('run-1')],
      pauses: [{ nqlId: 'people', by: 'ann', at: T0 }],
      lifted: undefined,
      audit: { entries: [], total: 0 },
      runLog: [],
    });
  });

  it('answers with copies: changing what it was given or what it answered changes no later answer', async () => {
    const answers = await bothAnswer(async (store) => {
      const given = held('run-1', 0, {
        reasons: ['3 leavers'],
        counts: { receivedRows: 9, processedRows: 8, leavers: 3 },
      });
      await store.hold(given);
      (given.reasons as string[]).push('changed');
      given.heldAt.setTime(0);
      const decided = (await store.decide('run-1', approved)).run!;
      (decided.reasons as string[]).push('changed');
      (decided.counts as { leavers: number }).leavers = 99;
      decided.decision!.at.setTime(0);
      await store.reportLive(live('run-2'));
      await store.requestCancel('run-2', 'ann', at(2));
      (await store.liveRuns())[0]!.cancelRequested!.at.setTime(0);
      await store.pause({ nqlId: 'people', by: 'ann', at: T0 });
      (await store.pauses())[0]!.at.setTime(0);
      await store.liftQuarantine('people', at(3));
      (await store.quarantineLiftedAt('people'))!.setTime(0);
      await store.recordAudit(entry(0, { name: 'ann', address: '10.0.0.7' }));
      const audited = (await store.audit({ offset: 0, limit: 1 })).entries[0]!;
      (audited.actor as { name: string }).name = 'eve';
      audited.time.setTime(0);
      await store.appendRunLog('run-2', [line(0, 'kept')]);
      (await store.runLog('run-2', 1))[0]!.time.setTime(0);
      return {
        held: await store.heldRun('run-1'),
        live: await store.liveRuns(),
        pauses: await store.pauses(),
        lifted: await store.quarantineLiftedAt('people'),
        audit: (await store.audit({ offset: 0, limit: 1 })).entries,
        runLog: await store.runLog('run-2', 1),
      };
    });
    expect(answers).to.deep.equal({
      held: { ...held('run-1'), decision: approved },
      live: [{ ...live('run-2'), cancelRequested: { by: 'ann', at: at(2) } }],
      pauses: [{ nqlId: 'people', by: 'ann', at: T0 }],
      lifted: at(3),
      audit: [entry(0, { name: 'ann', address: '10.0.0.7' })],
      runLog: [line(0, 'kept')],
    });
  });

  it('reads back what it keeps: no key without a value, no field it does not store, an empty address', async () => {
    const answers = await bothAnswer(async (store) => {
      await store.hold(
        held('run-1', 0, { counts: { receivedRows: 1, processedRows: 1, leavers: 0, clearedValues: undefined } }),
      );
      await store.decide('run-1', { ...approved, address: '' });
      await store.recordAudit(entry(0, { name: 'cli', address: '', via: 'ssh' } as AuditEntry['actor']));
      await store.reportLive({ ...live('run-2'), expectedRows: undefined });
      await store.appendRunLog('run-2', [{ ...line(0, 'a\0b'), source: 'sink' } as RunLogLine]);
      return {
        held: await store.heldRun('run-1'),
        audit: (await store.audit({ offset: 0, limit: 1 })).entries,
        live: await store.liveRuns(),
        runLog: await store.runLog('run-2', 1),
      };
    });
    expect(answers).to.deep.equal({
      held: {
        ...held('run-1', 0, { counts: { receivedRows: 1, processedRows: 1, leavers: 0 } }),
        decision: { ...approved, address: '' },
      },
      audit: [entry(0, { name: 'cli', address: '' })],
      live: [live('run-2')],
      runLog: [line(0, 'a\0b')],
    });
  });

  it('prunes a cancel request with its live report and a run whose lines are all old, which can log anew', async () => {
    const answers = await bothAnswer(async (store) => {
      await store.reportLive(live('run-1'));
      await store.requestCancel('run-1', 'ann', at(1));
      await store.appendRunLog('run-1', [line(0, 'old')]);
      await store.pruneBefore(at(5));
      await store.reportLive(live('run-1', 6));
      await store.appendRunLog('run-1', [line(6, 'new')]);
      return { live: await store.liveRuns(), runLog: await store.runLog('run-1', 5) };
    });
    expect(answers).to.deep.equal({ live: [live('run-1', 6)], runLog: [line(6, 'new')] });
  });
});
