import assert from 'node:assert/strict';
import type { ChangeLedger, LedgerChange, LedgerEntry, RunChanges } from '../core/index.js';
import { assertTyped, rejection } from './conformance/typed-failure.js';
import { testRunner } from './test-runner.js';

/** One test's ledger, as the setup of {@link describeChangeLedger} opens it. */
export interface ChangeLedgerFixture {
  readonly ledger: ChangeLedger;
  /** Called after the test, whatever its outcome: closes what the setup opened. */
  teardown(): Promise<void>;
}

const T0 = new Date('2026-12-01T10:00:00.000Z');
const at = (minutes: number): Date => new Date(T0.getTime() + minutes * 60_000);

const change = (
  identifier: string,
  field: string,
  oldValue: string | null,
  newValue: string | null,
  action: LedgerChange['action'],
): LedgerChange => ({ kind: 'upn', identifier, field, oldValue, newValue, action });

/** Stages `changes` (in batches of two) for a run of `nqlId` and commits them at `time`. */
async function record(
  ledger: ChangeLedger,
  runId: string,
  time: Date,
  changes: readonly LedgerChange[],
  nqlId = 'people',
): Promise<RunChanges> {
  const stage = await ledger.stage({ runId, nqlId });
  for (let i = 0; i < changes.length; i += 2) await stage.add(changes.slice(i, i + 2));
  return stage.commit(time);
}

const brief = (e: LedgerEntry): string =>
  `${e.runId} ${e.identifier} ${e.field} ${e.oldValue ?? '∅'}→${e.newValue ?? '∅'} ${e.action}${e.flip ? ' flip' : ''}`;

function declareRecording(ledger: () => ChangeLedger): void {
  testRunner().it(
    'records nothing before the commit, then each change with its run, time and values, newest first',
    async () => {
      const stage = await ledger().stage({ runId: 'run-1', nqlId: 'people' });
      await stage.add([change('Ann@x.org', 'department', null, 'Sales', 'added')]);
      assert.equal((await ledger().entries({})).total, 0, 'entries before the commit');
      assert.equal(await ledger().summary('run-1'), undefined, 'the summary before the commit');
      await stage.add([
        change('bob@x.org', 'title', 'Lead', '', 'cleared'),
        change('cy@x.org', 'title', 'Dev', null, 'left'),
      ]);
      const summary = await stage.commit(T0);
      assert.deepEqual(summary, {
        runId: 'run-1',
        nqlId: 'people',
        total: 3,
        fields: [
          { field: 'department', added: 1, changed: 0, cleared: 0, left: 0, flips: 0 },
          { field: 'title', added: 0, changed: 0, cleared: 1, left: 1, flips: 0 },
        ],
      });
      assert.deepEqual(await ledger().summary('run-1'), summary, 'summary() after the commit');
      const page = await ledger().entries({});
      assert.equal(page.total, 3);
      assert.deepEqual(page.entries[2], {
        time: T0.toISOString(),
        runId: 'run-1',
        nqlId: 'people',
        kind: 'upn',
        identifier: 'Ann@x.org',
        field: 'department',
        oldValue: null,
        newValue: 'Sales',
        action: 'added',
        flip: false,
      });
      assert.deepEqual(page.entries.map(brief), [
        'run-1 cy@x.org title Dev→∅ left',
        'run-1 bob@x.org title Lead→ cleared',
        'run-1 Ann@x.org department ∅→Sales added',
      ]);
    },
  );

  testRunner().it('filters by user (any case), run, connector, field, action and flips, and pages', async () => {
    await record(ledger(), 'run-1', T0, [
      change('ann@x.org', 'department', null, 'Sales', 'added'),
      change('bob@x.org', 'department', null, 'Ops', 'added'),
    ]);
    await record(ledger(), 'run-2', at(1), [change('ANN@x.org', 'department', 'Sales', 'Ops', 'changed')]);
    await record(ledger(), 'run-9', at(2), [change('ann@x.org', 'title', null, 'Dev', 'added')], 'other');
    const briefs = async (filter: Parameters<ChangeLedger['entries']>[0]) =>
      (await ledger().entries(filter)).entries.map(brief);
    assert.deepEqual(await briefs({ user: 'Ann@X.org' }), [
      'run-9 ann@x.org title ∅→Dev added',
      'run-2 ANN@x.org department Sales→Ops changed',
      'run-1 ann@x.org department ∅→Sales added',
    ]);
    assert.deepEqual(await briefs({ runId: 'run-1', field: 'department', action: 'added', nqlId: 'people' }), [
      'run-1 bob@x.org department ∅→Ops added',
      'run-1 ann@x.org department ∅→Sales added',
    ]);
    assert.deepEqual(await briefs({ nqlId: 'other' }), ['run-9 ann@x.org title ∅→Dev added']);
    assert.deepEqual(await briefs({ flips: true }), []);
    const page = await ledger().entries({ offset: 1, limit: 2 });
    assert.deepEqual(
      { total: page.total, offset: page.offset, limit: page.limit, entries: page.entries.map(brief) },
      {
        total: 4,
        offset: 1,
        limit: 2,
        entries: ['run-2 ANN@x.org department Sales→Ops changed', 'run-1 bob@x.org department ∅→Ops added'],
      },
    );
  });
}

function declareVolume(ledger: () => ChangeLedger): void {
  testRunner().it('keeps many changes staged in many calls', async () => {
    const stage = await ledger().stage({ runId: 'big', nqlId: 'people' });
    for (let batch = 0; batch < 5; batch++)
      await stage.add(
        Array.from({ length: 1_000 }, (_, i) =>
          change(`u${batch * 1_000 + i}@x.org`, 'department', 'A', 'B', 'changed'),
        ),
      );
    assert.equal((await stage.commit(T0)).total, 5_000);
    assert.equal((await ledger().entries({ runId: 'big', limit: 1 })).total, 5_000);
  });
}

function declareFlips(ledger: () => ChangeLedger): void {
  testRunner().it(
    'flags a change that undoes the previous change of the same field of the same user by the same connector',
    async () => {
      await record(ledger(), 'run-1', T0, [change('ann@x.org', 'department', null, 'Sales', 'added')]);
      await record(ledger(), 'run-2', at(1), [change('ann@x.org', 'department', 'Sales', 'Ops', 'changed')]);
      await record(ledger(), 'run-3', at(2), [
        change('ANN@x.org', 'department', 'Ops', 'Sales', 'changed'),
        change('bob@x.org', 'department', 'Ops', 'Sales', 'changed'),
      ]);
      await record(ledger(), 'run-4', at(3), [change('ann@x.org', 'department', 'Sales', 'Legal', 'changed')]);
      await record(ledger(), 'run-5', at(4), [change('ann@x.org', 'department', 'Legal', 'Sales', 'changed')], 'other');
      assert.deepEqual((await ledger().entries({ flips: true })).entries.map(brief), [
        'run-3 ANN@x.org department Ops→Sales changed flip',
      ]);
      assert.deepEqual((await ledger().summary('run-3'))?.fields, [
        { field: 'department', added: 0, changed: 2, cleared: 0, left: 0, flips: 1 },
      ]);
    },
  );

  testRunner().it('flags a value cleared and then restored, never a user arriving or leaving', async () => {
    await record(ledger(), 'run-1', T0, [change('ann@x.org', 'title', 'Dev', '', 'cleared')]);
    await record(ledger(), 'run-2', at(1), [change('ann@x.org', 'title', '', 'Dev', 'changed')]);
    assert.deepEqual((await ledger().summary('run-2'))?.fields[0]?.flips, 1);
    await record(ledger(), 'run-3', at(2), [change('ann@x.org', 'title', 'Dev', null, 'left')]);
    await record(ledger(), 'run-4', at(3), [change('ann@x.org', 'title', null, 'Dev', 'added')]);
    assert.deepEqual((await ledger().entries({ flips: true })).entries.map(brief), [
      'run-2 ann@x.org title →Dev changed flip',
    ]);
  });
}

function declareEnds(ledger: () => ChangeLedger): void {
  testRunner().it('forgets an aborted stage, and refuses a finished stage (LEDGER_STAGE_FINISHED)', async () => {
    const aborted = await ledger().stage({ runId: 'run-1', nqlId: 'people' });
    await aborted.add([change('ann@x.org', 'title', null, 'Dev', 'added')]);
    await aborted.abort();
    await aborted.abort();
    assert.equal((await ledger().entries({})).total, 0, 'entries after an abort');
    const calls: Array<[string, () => unknown]> = [
      ['add() after abort()', () => aborted.add([])],
      ['commit() after abort()', () => aborted.commit(T0)],
    ];
    for (const [what, call] of calls) {
      const error = assertTyped(await rejection(Promise.resolve().then(call), what), ['fatal']);
      assert.equal(error.code, 'LEDGER_STAGE_FINISHED', `${what}: ${error.code}`);
    }
    const committed = await ledger().stage({ runId: 'run-2', nqlId: 'people' });
    await committed.commit(T0);
    const error = assertTyped(
      await rejection(
        Promise.resolve().then(() => committed.commit(T0)),
        'commit twice',
      ),
      ['fatal'],
    );
    assert.equal(error.code, 'LEDGER_STAGE_FINISHED');
  });

  testRunner().it(
    'knows a connector once a run of it committed, even with no change, and after the retention',
    async () => {
      assert.equal(await ledger().knows('people'), false, 'a connector never recorded');
      const aborted = await ledger().stage({ runId: 'run-0', nqlId: 'people' });
      await aborted.abort();
      assert.equal(await ledger().knows('people'), false, 'after an aborted stage');
      await record(ledger(), 'run-1', T0, []);
      assert.equal(await ledger().knows('people'), true, 'after a committed stage with no change');
      assert.equal(await ledger().knows('other'), false, 'another connector');
      await record(ledger(), 'run-2', T0, [change('ann@x.org', 'title', null, 'Dev', 'added')]);
      await ledger().prune(at(60));
      assert.equal(await ledger().knows('people'), true, 'after its entries were pruned');
    },
  );

  testRunner().it('prunes the entries older than the retention, and only those', async () => {
    await record(ledger(), 'run-1', T0, [change('ann@x.org', 'title', null, 'Dev', 'added')]);
    await record(ledger(), 'run-2', at(10), [change('ann@x.org', 'title', 'Dev', 'Lead', 'changed')]);
    assert.equal(await ledger().prune(at(5)), 1, 'entries pruned');
    assert.deepEqual((await ledger().entries({})).entries.map(brief), ['run-2 ann@x.org title Dev→Lead changed']);
    assert.equal(await ledger().summary('run-1'), undefined);
  });
}

/**
 * The contract every {@link ChangeLedger} keeps, as mocha cases: what a stage records and when,
 * filters and pages, the flip flag, aborted and finished stages, and the retention. `setup` opens a
 * fresh, empty ledger for each case.
 */
export function describeChangeLedger(name: string, setup: () => Promise<ChangeLedgerFixture>): void {
  testRunner().describe(`change ledger contract: ${name}`, () => {
    let fixture: ChangeLedgerFixture | undefined;
    const ledger = (): ChangeLedger => fixture!.ledger;
    testRunner().beforeEach(async () => {
      fixture = await setup();
    });
    testRunner().afterEach(async () => {
      await fixture?.teardown();
      fixture = undefined;
    });
    declareRecording(ledger);
    declareVolume(ledger);
    declareFlips(ledger);
    declareEnds(ledger);
  });
}
