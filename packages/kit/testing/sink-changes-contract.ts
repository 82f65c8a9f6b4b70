import assert from 'node:assert/strict';
import type {
  ChangeReport,
  CommitPlan,
  SinkIdentifier,
  SinkRecord,
  SinkRun,
  SinkType,
  StoredChange,
} from '../core/index.js';
import { testRunner } from './test-runner.js';

/** One test's sink, as the setup of {@link describeSinkChanges} opens it on an empty store. */
export interface SinkChangesFixture {
  /** The sink's type: the suite checks that it declares `reportsChanges`. */
  readonly sinkType: SinkType;
  /** Opens a run of the connector `nqlId` into the store. */
  open(nqlId: string): Promise<SinkRun>;
  /**
   * Each value the store holds, read from its own tables (not through the sink): `identifier field
   * value`, the identifier as the store keeps it and the value as text, in any order.
   */
  values(): Promise<readonly string[]>;
  /** How many temporary tables the sink's connections hold in the store (none once a run ended). */
  temporaryTables(): Promise<number>;
  /** Called after the test, whatever its outcome: closes what the setup opened. */
  teardown(): Promise<void>;
}

/** A report that keeps what it is sent, and fails the test when a call starts before the previous one ended. */
interface RecordingReport extends ChangeReport {
  readonly calls: (readonly StoredChange[])[];
  /** Every change sent, as `kind:identifier field: old -> new` (values JSON, `null` for none), sorted. */
  lines(): string[];
}

function recordingReport(): RecordingReport {
  const calls: (readonly StoredChange[])[] = [];
  let pending = false;
  return {
    calls,
    async add(changes) {
      assert.equal(pending, false, 'report.add was called before the previous call was awaited');
      pending = true;
      calls.push([...changes]);
      // Resolves on a later turn of the event loop, as a report writing to a database does.
      await new Promise<void>((resolve) => setImmediate(resolve));
      pending = false;
    },
    lines: () => calls.flat().map(line).sort(),
  };
}

function line(change: StoredChange): string {
  const { identifier, field, oldValue, newValue } = change;
  return `${identifier.kind}:${identifier.value} ${field}: ${JSON.stringify(oldValue)} -> ${JSON.stringify(newValue)}`;
}

/** Records per `write` call: a run's rows arrive over several calls. */
const WRITE_BATCH = 2;
const upn = (value: string): SinkIdentifier => ({ kind: 'upn', value });
const row = (value: string, fields: SinkRecord['fields']): SinkRecord => ({ identifier: upn(value), fields });
const removing = (...users: string[]): CommitPlan => ({ remove: users.map(upn), retain: [] });

/** What the cases share: the current test's fixture, and whole runs. */
interface Subject {
  fixture(): SinkChangesFixture;
  /** An open run of `nqlId` that wrote `records` (in writes of WRITE_BATCH). */
  staged(nqlId: string, records: readonly SinkRecord[]): Promise<SinkRun>;
  /** A run of `nqlId` writing `records` (in writes of WRITE_BATCH), committed with `plan` and `report`. */
  commit(nqlId: string, records: readonly SinkRecord[], plan?: CommitPlan, report?: ChangeReport): Promise<void>;
  /** The same, with a recording report: the lines it was sent. */
  changes(nqlId: string, records: readonly SinkRecord[], plan?: CommitPlan): Promise<string[]>;
  /** The store's values, sorted. */
  values(): Promise<string[]>;
}

/** A first commit: every value added, numbers and empty values as text, identifiers as written. */
function declareFirstCommit(subject: Subject): void {
  testRunner().it('declares reportsChanges', async () => {
    assert.equal(subject.fixture().sinkType.reportsChanges, true, `${subject.fixture().sinkType.type}: reportsChanges`);
  });

  testRunner().it(
    'reports every value of a first commit as added: numbers as their decimal text, an empty value, the identifier as written',
    async () => {
      const changes = await subject.changes('hr', [
        row('Ann@Example.com', { department: 'Sales', level: 3, note: '' }),
        row('bob@example.com', { department: 'IT' }),
      ]);
      assert.deepEqual(changes, [
        'upn:Ann@Example.com department: null -> "Sales"',
        'upn:Ann@Example.com level: null -> "3"',
        'upn:Ann@Example.com note: null -> ""',
        'upn:bob@example.com department: null -> "IT"',
      ]);
      assert.deepEqual(await subject.values(), [
        'Ann@Example.com department Sales',
        'Ann@Example.com level 3',
        'Ann@Example.com note ',
        'bob@example.com department IT',
      ]);
    },
  );
}

/** Later commits: only what changed, compared as text; the same user in any spelling; the last row wins. */
function declareLaterCommits(subject: Subject): void {
  testRunner().it(
    'reports only the values a commit changes: changed, cleared, added; an unchanged value, also as a number, is not',
    async () => {
      await subject.commit('hr', [
        row('ann@example.com', { department: 'Sales', level: 3, title: 'Engineer', code: '5', city: 'Bern' }),
        row('bob@example.com', { department: 'IT', level: 7 }),
      ]);
      const changes = await subject.changes('hr', [
        // code: the number 5 where the text "5" was is the same text, not a change
        row('ann@example.com', { department: 'Legal', level: 3, title: '', code: 5, room: 12 }),
        row('bob@example.com', { department: 'IT', level: 8 }),
      ]);
      assert.deepEqual(changes, [
        'upn:ann@example.com department: "Sales" -> "Legal"',
        'upn:ann@example.com room: null -> "12"',
        'upn:ann@example.com title: "Engineer" -> ""',
        'upn:bob@example.com level: "7" -> "8"',
      ]);
      assert.deepEqual(await subject.values(), [
        'ann@example.com city Bern',
        'ann@example.com code 5',
        'ann@example.com department Legal',
        'ann@example.com level 3',
        'ann@example.com room 12',
        'ann@example.com title ',
        'bob@example.com department IT',
        'bob@example.com level 8',
      ]);
      assert.deepEqual(await subject.changes('hr', [row('bob@example.com', { department: 'IT', level: 8 })]), []);
    },
  );

  testRunner().it(
    'takes identifiers that differ only by case as one user, and names a changed user as the store keeps it',
    async () => {
      await subject.commit('hr', [row('ann@example.com', { department: 'Sales', title: 'A' })]);
      const changes = await subject.changes('hr', [row('ANN@Example.COM', { department: 'Sales', title: 'B' })]);
      assert.deepEqual(changes, ['upn:ANN@Example.COM title: "A" -> "B"']);
      assert.deepEqual(await subject.values(), ['ANN@Example.COM department Sales', 'ANN@Example.COM title B']);
    },
  );

  testRunner().it(
    "takes each field from a user's last row in the run: a value changed and changed back is not reported",
    async () => {
      await subject.commit('hr', [row('ann@example.com', { department: 'Sales', title: 'A', level: 1 })]);
      const changes = await subject.changes('hr', [
        row('ann@example.com', { department: 'Legal', title: 'B', level: 1 }),
        row('bob@example.com', { department: 'IT' }),
        row('Ann@example.com', { department: 'Sales', level: 2 }),
      ]);
      assert.deepEqual(changes, [
        'upn:Ann@example.com level: "1" -> "2"',
        'upn:Ann@example.com title: "A" -> "B"',
        'upn:bob@example.com department: null -> "IT"',
      ]);
      assert.deepEqual(await subject.values(), [
        'Ann@example.com department Sales',
        'Ann@example.com level 2',
        'Ann@example.com title B',
        'bob@example.com department IT',
      ]);
    },
  );
}

/** Another connector's value written again: not a change, but the field changes hands. */
function declareOtherConnector(subject: Subject): void {
  testRunner().it(
    "does not report another connector's value written again unchanged, which the writing connector then holds",
    async () => {
      await subject.commit('hr', [row('ann@example.com', { department: 'Sales', title: 'A' })]);
      assert.deepEqual(await subject.changes('badges', [row('ann@example.com', { department: 'Sales' })]), []);
      // badges wrote it last: its leaver removal removes it, hr's does not
      assert.deepEqual(await subject.changes('hr', [], removing('ann@example.com')), [
        'upn:ann@example.com title: "A" -> null',
      ]);
      assert.deepEqual(await subject.changes('badges', [], removing('ann@example.com')), [
        'upn:ann@example.com department: "Sales" -> null',
      ]);
      assert.deepEqual(await subject.values(), []);
    },
  );
}

/** The plan's removals: each value the connector held, new value null. */
function declareRemovals(subject: Subject): void {
  testRunner().it(
    "reports each value the connector held for a removed user (any spelling) as removed, and not another connector's",
    async () => {
      await subject.commit('hr', [
        row('Ann@Example.com', { department: 'Sales', level: 4 }),
        row('bob@example.com', { department: 'IT' }),
        row('Cy@example.com', { department: 'Ops' }),
      ]);
      await subject.commit('badges', [row('ann@example.com', { badge: 7 })]);
      const changes = await subject.changes(
        'hr',
        [row('bob@example.com', { department: 'IT' })],
        removing('ANN@example.com', 'cy@EXAMPLE.com', 'nobody@example.com'),
      );
      // ann as badges spelt her last
      assert.deepEqual(changes, [
        'upn:Cy@example.com department: "Ops" -> null',
        'upn:ann@example.com department: "Sales" -> null',
        'upn:ann@example.com level: "4" -> null',
      ]);
      assert.deepEqual(await subject.values(), ['ann@example.com badge 7', 'bob@example.com department IT']);
    },
  );
}

/** Volume, a failing report, no report. */
function declareReportCalls(subject: Subject): void {
  testRunner().it('sends 5,000 users in several calls, each awaited before the next, each change once', async () => {
    const users = Array.from({ length: 5_000 }, (_, i) => i);
    const first = recordingReport();
    await subject.commit(
      'hr',
      users.map((i) => row(`user${i}@example.com`, { department: `D${i % 7}`, level: i })),
      undefined,
      first,
    );
    assert.ok(first.calls.length > 1, `${first.calls.length} call(s) for 10,000 changes`);
    const lines = first.lines();
    assert.equal(lines.length, 10_000);
    assert.equal(new Set(lines).size, 10_000, 'each change sent once');
    assert.ok(lines.includes('upn:user4321@example.com level: null -> "4321"'), 'user4321: level added');

    const second = recordingReport();
    await subject.commit(
      'hr',
      users.map((i) => row(`user${i}@example.com`, { department: `D${i % 7}`, level: i % 2 ? -i : i })),
      undefined,
      second,
    );
    const changed = second.lines();
    assert.equal(changed.length, 2_500, 'the odd users changed their level');
    assert.ok(changed.includes('upn:user4321@example.com level: "4321" -> "-4321"'), 'user4321: level changed');
  });

  testRunner().it(
    'lets the error of a failing report propagate: the values stay committed, no temporary table is left, the next run works',
    async () => {
      const failure = new Error('the ledger is unreachable');
      const failing: ChangeReport = {
        add: async () => {
          throw failure;
        },
      };
      await assert.rejects(
        subject.commit('hr', [row('ann@example.com', { department: 'Sales', title: 'A' })], undefined, failing),
        (error) => error === failure,
        'commit() rejects with the error report.add threw',
      );
      assert.deepEqual(await subject.values(), ['ann@example.com department Sales', 'ann@example.com title A']);
      assert.equal(await subject.fixture().temporaryTables(), 0, 'temporary tables left');
      const changes = await subject.changes('hr', [row('ann@example.com', { department: 'Legal', title: 'A' })]);
      assert.deepEqual(changes, ['upn:ann@example.com department: "Sales" -> "Legal"']);
    },
  );

  testRunner().it(
    'commits the same without a report and leaves nothing behind; a commit that changes nothing makes no call',
    async () => {
      await subject.commit('hr', [row('ann@example.com', { department: 'Sales' })], removing('nobody@example.com'));
      assert.deepEqual(await subject.values(), ['ann@example.com department Sales']);
      assert.equal(await subject.fixture().temporaryTables(), 0, 'temporary tables left');
      const unchanged = recordingReport();
      await subject.commit('hr', [row('ann@example.com', { department: 'Sales' })], undefined, unchanged);
      assert.deepEqual(unchanged.calls, [], 'report.add calls for a commit that changed nothing');
      const changes = await subject.changes('hr', [row('ann@example.com', { department: 'IT' })]);
      assert.deepEqual(changes, ['upn:ann@example.com department: "Sales" -> "IT"']);
      assert.equal(await subject.fixture().temporaryTables(), 0, 'temporary tables left');
    },
  );
}

/** The lines `run.rehearse(plan, …)` sends; the run must have `rehearse` (a sink that reports changes does). */
async function rehearsal(run: SinkRun, plan?: CommitPlan): Promise<string[]> {
  assert.equal(typeof run.rehearse, 'function', 'the run of a sink that declares reportsChanges has rehearse');
  const report = recordingReport();
  await run.rehearse!(plan, report);
  return report.lines();
}

/** The store the rehearsal cases start from: hr's values of ann, bob and Cy, and a badge of Cy. */
async function rehearsalStore(subject: Subject): Promise<string[]> {
  await subject.commit('hr', [
    row('ann@example.com', { department: 'Sales', title: 'Engineer', level: 3 }),
    row('bob@example.com', { department: 'IT' }),
    row('Cy@example.com', { department: 'Ops' }),
  ]);
  await subject.commit('badges', [row('Cy@example.com', { badge: 7 })]);
  const values = await subject.values();
  assert.deepEqual(values, [
    'Cy@example.com badge 7',
    'Cy@example.com department Ops',
    'ann@example.com department Sales',
    'ann@example.com level 3',
    'ann@example.com title Engineer',
    'bob@example.com department IT',
  ]);
  return values;
}

/** A run of hr on {@link rehearsalStore}, with a plan removing Cy (and a user the store does not have). */
const REHEARSED_ROWS = [
  row('ann@example.com', { department: 'Legal', title: '', level: 3 }),
  row('bob@example.com', { department: 'IT', room: 12 }),
  row('dee@example.com', { department: 'HR' }),
];
const REHEARSED_PLAN = removing('cy@EXAMPLE.com', 'nobody@example.com');
const REHEARSED_CHANGES = [
  'upn:Cy@example.com department: "Ops" -> null',
  'upn:ann@example.com department: "Sales" -> "Legal"',
  'upn:ann@example.com title: "Engineer" -> ""',
  'upn:bob@example.com room: null -> "12"',
  'upn:dee@example.com department: null -> "HR"',
];

/** `rehearse`: what the commit would report, and the store untouched. */
function declareRehearsals(subject: Subject): void {
  testRunner().it(
    "rehearses a commit: sends what the commit then sends, the plan's removals included, and changes nothing until it",
    async () => {
      const before = await rehearsalStore(subject);
      const run = await subject.staged('hr', REHEARSED_ROWS);
      const tables = await subject.fixture().temporaryTables();
      assert.deepEqual(await rehearsal(run, REHEARSED_PLAN), REHEARSED_CHANGES);
      assert.deepEqual(await subject.values(), before, 'the store after a rehearsal');
      assert.equal(await subject.fixture().temporaryTables(), tables, 'temporary tables after a rehearsal');
      const report = recordingReport();
      await run.commit(REHEARSED_PLAN, report);
      assert.deepEqual(report.lines(), REHEARSED_CHANGES);
      assert.deepEqual(await subject.values(), [
        'Cy@example.com badge 7',
        'ann@example.com department Legal',
        'ann@example.com level 3',
        'ann@example.com title ',
        'bob@example.com department IT',
        'bob@example.com room 12',
        'dee@example.com department HR',
      ]);
      assert.equal(await subject.fixture().temporaryTables(), 0, 'temporary tables left');
    },
  );

  testRunner().it(
    'rehearses the same twice; an abort after a rehearsal leaves the store as it was, nothing behind',
    async () => {
      const before = await rehearsalStore(subject);
      const run = await subject.staged('hr', REHEARSED_ROWS);
      assert.deepEqual(await rehearsal(run, REHEARSED_PLAN), REHEARSED_CHANGES);
      assert.deepEqual(await rehearsal(run, REHEARSED_PLAN), REHEARSED_CHANGES, 'a second rehearsal');
      // Without a plan: no removal
      assert.deepEqual(await rehearsal(run), REHEARSED_CHANGES.slice(1));
      await run.abort('rejected');
      assert.deepEqual(await subject.values(), before, 'the store after the abort');
      assert.equal(await subject.fixture().temporaryTables(), 0, 'temporary tables left');
    },
  );
}

/** After `rehearse`: nothing held, and a failing report leaves the run as it was. */
function declareAfterRehearsals(subject: Subject): void {
  testRunner().it(
    'holds nothing once a rehearsal resolved: another run commits meanwhile, and the commit compares with the store as it is then',
    async () => {
      await rehearsalStore(subject);
      const run = await subject.staged('hr', [row('ann@example.com', { department: 'Legal', title: 'Engineer' })]);
      assert.deepEqual(await rehearsal(run), ['upn:ann@example.com department: "Sales" -> "Legal"']);
      assert.deepEqual(await subject.changes('badges', [row('ann@example.com', { department: 'Ops' })]), [
        'upn:ann@example.com department: "Sales" -> "Ops"',
      ]);
      const report = recordingReport();
      await run.commit(undefined, report);
      assert.deepEqual(report.lines(), ['upn:ann@example.com department: "Ops" -> "Legal"']);
      assert.deepEqual(await subject.values(), [
        'Cy@example.com badge 7',
        'Cy@example.com department Ops',
        'ann@example.com department Legal',
        'ann@example.com level 3',
        'ann@example.com title Engineer',
        'bob@example.com department IT',
      ]);
    },
  );

  testRunner().it(
    'lets the error of a failing report propagate from a rehearsal: the store unchanged, the run still commits',
    async () => {
      const before = await rehearsalStore(subject);
      const run = await subject.staged('hr', REHEARSED_ROWS);
      const tables = await subject.fixture().temporaryTables();
      const failure = new Error('the counter is gone');
      const failing: ChangeReport = {
        add: async () => {
          throw failure;
        },
      };
      await assert.rejects(run.rehearse!(REHEARSED_PLAN, failing), (error) => error === failure);
      assert.deepEqual(await subject.values(), before, 'the store after a failed rehearsal');
      assert.equal(await subject.fixture().temporaryTables(), tables, 'temporary tables after a failed rehearsal');
      const report = recordingReport();
      await run.commit(REHEARSED_PLAN, report);
      assert.deepEqual(report.lines(), REHEARSED_CHANGES);
    },
  );
}

/**
 * Declares the contract suite of a sink that declares `reportsChanges` (mocha `describe`/`it`): a
 * first commit reports every value added (numbers as their decimal text, an empty value, the
 * identifier as written); a later one reports only what changed (changed, cleared, added; values
 * compared as text, so the number 5 where "5" was is no change), one user whatever the case of its
 * identifier (named as the store keeps it), each field from the user's last row in the run, and
 * nothing for another connector's value written again unchanged; the plan's removals report each
 * value the connector held, new value null; 5,000 users arrive in several calls, each awaited before
 * the next; the error of a failing report propagates, the values staying committed and no
 * temporary table left; a commit without a report commits the same. Its runs have `rehearse`: it
 * sends what the following commit sends (removals included), twice the same, and changes nothing
 * (the store as before, no temporary table added, an abort after it leaves the store as it was);
 * once it resolved it holds nothing (another run commits before the rehearsed one, whose commit then
 * compares with the store as it is); a failing report's error propagates from it and the run still
 * commits. `setup` opens a fresh, empty store for each test.
 */
export function describeSinkChanges(name: string, setup: () => Promise<SinkChangesFixture>): void {
  testRunner().describe(`sink changes contract: ${name}`, () => {
    let fixture: SinkChangesFixture | undefined;
    testRunner().beforeEach(async () => {
      fixture = await setup();
    });
    testRunner().afterEach(async () => {
      await fixture?.teardown();
      fixture = undefined;
    });
    const opened = (): SinkChangesFixture => fixture ?? assert.fail('the setup opened no sink');
    const subject: Subject = {
      fixture: opened,
      async staged(nqlId, records) {
        const run = await opened().open(nqlId);
        for (let i = 0; i < records.length; i += WRITE_BATCH) await run.write(records.slice(i, i + WRITE_BATCH));
        return run;
      },
      async commit(nqlId, records, plan, report) {
        await (await subject.staged(nqlId, records)).commit(plan, report);
      },
      async changes(nqlId, records, plan) {
        const report = recordingReport();
        await subject.commit(nqlId, records, plan, report);
        return report.lines();
      },
      values: async () => [...(await opened().values())].sort(),
    };
    declareFirstCommit(subject);
    declareLaterCommits(subject);
    declareOtherConnector(subject);
    declareRemovals(subject);
    declareReportCalls(subject);
    declareRehearsals(subject);
    declareAfterRehearsals(subject);
  });
}
