import assert from 'node:assert/strict';
import type { MemberStage, SinkIdentifier, SyncOutcome, SyncState, SyncStateStore } from '../core/index.js';
import { assertTyped, rejection } from './conformance/typed-failure.js';
import { testRunner } from './test-runner.js';

/** One test's store, as the setup of {@link describeSyncStateStore} opens it. */
export interface SyncStateStoreFixture {
  readonly store: SyncStateStore;
  /**
   * Each member the store holds for `nqlId`, read from the store's own tables (not through the store):
   * `identifier:missed` (the spelling kept, the full reads in a row that missed it), ordered by
   * lower-cased identifier.
   */
  members(nqlId: string): Promise<readonly string[]>;
  /** Called after the test, whatever its outcome: closes what the setup opened. */
  teardown(): Promise<void>;
}

/** What the cases share: the current test's store, and stages filled with UPNs. */
interface Subject {
  store(): SyncStateStore;
  /** A stage of `nqlId` holding `users` (UPNs), added in batches of two. */
  staged(nqlId: string, users: readonly string[]): Promise<MemberStage>;
  /** A stage of `nqlId` holding `users`, committed with `outcome`. */
  commit(nqlId: string, users: readonly string[], outcome: SyncOutcome): Promise<SyncState>;
  members(nqlId: string): Promise<readonly string[]>;
}

const FULL_AT = new Date('2026-12-01T10:00:00.000Z');
const upn = (value: string): SinkIdentifier => ({ kind: 'upn', value });
const full = (extra: Partial<SyncOutcome> = {}): SyncOutcome => ({
  full: true,
  cursor: undefined,
  unmatched: 0,
  removed: [],
  time: FULL_AT,
  ...extra,
});
const changes = (extra: Partial<SyncOutcome> = {}): SyncOutcome => ({ ...full(extra), full: false });

/** Asserts the member counts of a committed state. */
function assertCounts(state: SyncState | undefined, present: number, absent: number, what: string): void {
  assert.deepEqual(
    { present: state?.present, absent: state?.absent },
    { present, absent },
    `${what}: present and absent members`,
  );
}

/** Asserts that `call` fails (throws or rejects) with a FatalError coded MEMBER_STAGE_FINISHED. */
async function assertFinished(call: () => unknown, what: string): Promise<void> {
  const error = assertTyped(await rejection(Promise.resolve().then(call), what), ['fatal']);
  assert.equal(error.code, 'MEMBER_STAGE_FINISHED', `${what} failed with ${error.code} (${error.message})`);
}

/** A full read commits its users; the same user in two spellings is one, kept in its latest spelling. */
function declareFirstCommit(subject: Subject): void {
  testRunner().it(
    'has no state for a connector that never committed, then keeps what a full read committed',
    async () => {
      assert.equal(await subject.store().read('people'), undefined, 'the state of a connector that never committed');
      const stage = await subject.staged('people', ['ann@example.com', 'bob@example.com', 'ANN@example.com']);
      assert.equal(await stage.added(), 2, 'added(): the same user in two spellings is one user, new to the store');
      assert.deepEqual(await stage.absent(), [], 'absent() of a connector with no members');
      const state = await stage.commit(full({ cursor: '2026-12-01T09:59:00Z', unmatched: 3 }));
      const expected: SyncState = {
        nqlId: 'people',
        cursor: '2026-12-01T09:59:00Z',
        lastFullAt: FULL_AT,
        unmatched: 3,
        present: 2,
        absent: 0,
      };
      assert.deepEqual(state, expected, 'the state commit() returned');
      assert.deepEqual(await subject.store().read('people'), expected, 'the state read() returns after the commit');
      assert.deepEqual(
        await subject.members('people'),
        ['ANN@example.com:0', 'bob@example.com:0'],
        'the members (the latest spelling of a user is kept)',
      );
    },
  );
}

/** Full reads count the members they missed; a member back from absence is added again. */
function declareMissedReads(subject: Subject): void {
  testRunner().it(
    'counts the full reads in a row that missed a member, and a member back from absence is added again',
    async () => {
      await subject.commit('people', ['a@x.org', 'b@x.org', 'c@x.org'], full());

      const second = await subject.staged('people', ['a@x.org']);
      assert.equal(await second.added(), 0, 'added() when every staged user is a present member');
      assert.deepEqual(await second.absent(), [
        { identifier: upn('b@x.org'), missedFullReads: 1 },
        { identifier: upn('c@x.org'), missedFullReads: 1 },
      ]);
      assertCounts(await second.commit(full()), 1, 2, 'the second full read');

      const third = await subject.staged('people', ['a@x.org', 'B@x.org']);
      assert.equal(await third.added(), 1, 'added(): a member back from absence (in another spelling)');
      assert.deepEqual(await third.absent(), [{ identifier: upn('c@x.org'), missedFullReads: 2 }]);
      assertCounts(await third.commit(full()), 2, 1, 'the third full read');
      assert.deepEqual(await subject.members('people'), ['a@x.org:0', 'B@x.org:0', 'c@x.org:2']);
    },
  );
}

/** A change read touches its own users only and keeps the last full read's time and unmatched rows. */
function declareChangeRead(subject: Subject): void {
  testRunner().it(
    'applies a change read to the users it staged only: no missed read counted, the last full read and unmatched kept',
    async () => {
      await subject.commit('people', ['a@x.org', 'b@x.org'], full({ cursor: 'c1', unmatched: 5 }));
      await subject.commit('people', ['a@x.org'], full({ cursor: 'c2', unmatched: 6 }));
      assert.deepEqual(await subject.members('people'), ['a@x.org:0', 'b@x.org:1']);

      const later = new Date('2026-12-01T11:00:00.000Z');
      const outcome = changes({ cursor: 'c3', unmatched: 99, time: later });
      const state = await subject.commit('people', ['b@x.org', 'd@x.org'], outcome);
      assert.deepEqual(
        state,
        { nqlId: 'people', cursor: 'c3', lastFullAt: FULL_AT, unmatched: 6, present: 3, absent: 0 },
        'the state after a change read',
      );
      assert.deepEqual(await subject.members('people'), ['a@x.org:0', 'b@x.org:0', 'd@x.org:0']);
    },
  );

  testRunner().it('keeps the cursor when a run sets none, on a change read and on a full read', async () => {
    await subject.commit('people', ['a@x.org'], full({ cursor: 'c1' }));
    const afterChanges = await subject.commit('people', [], changes());
    assert.equal(afterChanges.cursor, 'c1', 'the cursor after a change read that set none');
    assertCounts(afterChanges, 1, 0, 'a change read of no user');
    assert.equal((await subject.commit('people', ['a@x.org'], full())).cursor, 'c1', 'after a full read that set none');
    assert.equal((await subject.store().read('people'))?.cursor, 'c1', 'the cursor read() returns');
  });
}

/** Removed members are deleted whatever they missed and however they are spelt. */
function declareRemoval(subject: Subject): void {
  testRunner().it('deletes the removed members (any spelling), whatever they missed, and counts the rest', async () => {
    await subject.commit('people', ['a@x.org', 'b@x.org', 'c@x.org', 'd@x.org'], full());
    await subject.commit('people', ['a@x.org', 'b@x.org'], full());
    const removed = [upn('C@X.org'), upn('b@x.org')];
    const state = await subject.commit('people', ['a@x.org'], full({ removed }));
    assertCounts(state, 1, 1, 'after removing one absent and one present member');
    assert.deepEqual(await subject.members('people'), ['a@x.org:0', 'd@x.org:2']);
  });
}

/** Abort changes nothing and can be repeated; a finished stage refuses any further work. */
function declareStageEnd(subject: Subject): void {
  testRunner().it(
    'changes nothing when a stage is aborted (twice is harmless), and a stage can be opened again',
    async () => {
      const before = await subject.commit('people', ['a@x.org', 'b@x.org'], full({ cursor: 'c1' }));
      const stage = await subject.staged('people', ['c@x.org', 'd@x.org', 'e@x.org']);
      assert.equal(await stage.added(), 3);
      await stage.add([upn('f@x.org')]); // staging again after a comparison
      await stage.abort();
      await stage.abort();
      assert.deepEqual(await subject.store().read('people'), before, 'the state after an aborted stage');
      assert.deepEqual(await subject.members('people'), ['a@x.org:0', 'b@x.org:0']);

      const again = await subject.staged('people', ['a@x.org']);
      assert.deepEqual(await again.absent(), [{ identifier: upn('b@x.org'), missedFullReads: 1 }]);
      await again.abort();
    },
  );

  for (const [end, finish] of [
    ['aborted', (stage: MemberStage) => stage.abort()],
    ['committed', (stage: MemberStage) => stage.commit(full())],
  ] as const)
    testRunner().it(
      `refuses add, added, absent and commit on a stage it ${end} (MEMBER_STAGE_FINISHED), and changes nothing`,
      async () => {
        const stage = await subject.staged('people', ['a@x.org']);
        await finish(stage);
        const state = await subject.store().read('people');
        await assertFinished(() => stage.add([upn('g@x.org')]), `add() on a stage ${end}`);
        await assertFinished(() => stage.added(), `added() on a stage ${end}`);
        await assertFinished(() => stage.absent(), `absent() on a stage ${end}`);
        await assertFinished(() => stage.commit(full()), `commit() on a stage ${end}`);
        await stage.abort();
        assert.deepEqual(await subject.store().read('people'), state, 'the state after the refused calls');
        assert.deepEqual(await subject.members('people'), end === 'committed' ? ['a@x.org:0'] : []);
      },
    );
}

/** Each connector has its own members. */
function declareConnectorsApart(subject: Subject): void {
  testRunner().it("keeps connectors apart: a stage sees its own connector's members only", async () => {
    await subject.commit('hr', ['a@x.org', 'b@x.org'], full());
    const badges = await subject.staged('badges', ['b@x.org', 'c@x.org']);
    assert.equal(await badges.added(), 2, "added(): another connector's members are new to this one");
    assert.deepEqual(await badges.absent(), [], "absent(): another connector's members are not this one's");
    assertCounts(await badges.commit(full()), 2, 0, 'the first full read of badges');

    const hr = await subject.staged('hr', ['a@x.org']);
    assert.deepEqual(await hr.absent(), [{ identifier: upn('b@x.org'), missedFullReads: 1 }]);
    await hr.commit(full({ removed: [upn('b@x.org')] }));
    assert.deepEqual(await subject.members('hr'), ['a@x.org:0']);
    assert.deepEqual(await subject.members('badges'), ['b@x.org:0', 'c@x.org:0']);
    assertCounts(await subject.store().read('badges'), 2, 0, 'badges after hr removed a user they share');
  });
}

/** A full read of 200,000 users, staged in batches, is compared with the members. */
function declareVolume(subject: Subject): void {
  testRunner().it('stages a full read of 200,000 users in batches and compares it with the members', async () => {
    const total = 200_000;
    const batch = 2_000;
    const read = async (skip: (i: number) => boolean): Promise<MemberStage> => {
      const stage = await subject.staged('people', []);
      for (let start = 0; start < total; start += batch) {
        const users: SinkIdentifier[] = [];
        for (let i = start; i < start + batch; i++) if (!skip(i)) users.push(upn(`user${i}@example.com`));
        await stage.add(users);
      }
      return stage;
    };
    const first = await read(() => false);
    assert.equal(await first.added(), total);
    assertCounts(await first.commit(full()), total, 0, 'the first full read');

    const second = await read((i) => i % 20_000 === 7);
    assert.equal(await second.added(), 0);
    const absent = await second.absent();
    assert.equal(absent.length, 10, 'absent(): the 10 users the second read left out');
    assert.ok(
      absent.some((a) => a.identifier.value === 'user7@example.com'),
      'absent() holds user7@example.com',
    );
    assert.ok(
      absent.every((a) => a.missedFullReads === 1),
      'each absent user missed one full read',
    );
    assertCounts(await second.commit(full()), total - 10, 10, 'the second full read');
  });
}

/**
 * Declares the contract suite of a {@link SyncStateStore} (mocha `describe`/`it`): no state before a
 * commit, then what a full read committed (one member per user whatever its spelling, the latest
 * spelling kept); missed full reads counted and a member back from absence added again; a change
 * read touching its own users only; the cursor kept when a run sets none; removed members deleted in
 * any spelling; abort changing nothing, twice harmless; a finished stage refusing `add`, `added`,
 * `absent` and `commit` with a FatalError coded MEMBER_STAGE_FINISHED; connectors kept apart; a
 * 200,000-user stage compared in batches. `setup` opens a fresh, empty store for each test.
 */
export function describeSyncStateStore(name: string, setup: () => Promise<SyncStateStoreFixture>): void {
  testRunner().describe(`sync state store contract: ${name}`, () => {
    let fixture: SyncStateStoreFixture | undefined;
    let runs = 0;
    testRunner().beforeEach(async () => {
      fixture = await setup();
    });
    testRunner().afterEach(async () => {
      await fixture?.teardown();
      fixture = undefined;
    });
    const opened = (): SyncStateStoreFixture => fixture ?? assert.fail('the setup opened no store');
    const subject: Subject = {
      store: () => opened().store,
      async staged(nqlId, users) {
        const stage = await opened().store.stage(nqlId, `run-${++runs}`);
        for (let i = 0; i < users.length; i += 2) await stage.add(users.slice(i, i + 2).map(upn));
        return stage;
      },
      commit: async (nqlId, users, outcome) => (await subject.staged(nqlId, users)).commit(outcome),
      members: (nqlId) => opened().members(nqlId),
    };
    declareFirstCommit(subject);
    declareMissedReads(subject);
    declareChangeRead(subject);
    declareRemoval(subject);
    declareStageEnd(subject);
    declareConnectorsApart(subject);
    declareVolume(subject);
  });
}
