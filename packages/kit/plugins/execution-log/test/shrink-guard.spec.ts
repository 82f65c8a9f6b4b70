import { expect } from 'chai';
import { DEFAULT_LIMITS, FatalError, ProblemLog } from '../../../core/index.js';
import { CommitGuards } from '../commit-guards.js';
import { shrinks } from '../../../core/index.js';
import { describeShrink, findShrinks } from '../shrink-guard.js';
import type { RunBaseline } from '../store/baseline-store.js';
import { fakeDraft, fakeRunInfo } from './fake-run.js';

const defaults = { maxShrinkPercent: DEFAULT_LIMITS.maxShrinkPercent, minShrinkRows: DEFAULT_LIMITS.minShrinkRows };
const baseline = (processedRows: number, fields: Record<string, number> = {}): RunBaseline => ({
  nqlId: 'salesforce_user_attributes',
  runId: 'before',
  time: new Date('2026-12-01T02:00:00.000Z'),
  processedRows,
  fields,
});

describe('shrink guard: the arithmetic', () => {
  it('does not trip on 3,000,000 → 2,990,000 rows (a drop of 10,000, 0.3 %)', () => {
    expect(shrinks(3_000_000, 2_990_000, defaults)).to.equal(false);
  });

  it('trips on 5,000 → 200 rows (more than 10 % and more than 500 rows)', () => {
    expect(shrinks(5_000, 200, defaults)).to.equal(true);
  });

  it('trips on a drop to zero whatever the size: 40 → 0 rows, 4,000 → 0 values', () => {
    expect(shrinks(40, 0, defaults)).to.equal(true);
    expect(shrinks(1, 0, defaults)).to.equal(true);
    expect(shrinks(4_000, 0, defaults)).to.equal(true);
  });

  it('needs both bounds: a large share of few rows, or many rows of a large total, pass', () => {
    expect(shrinks(400, 10, defaults), '390 rows, 97 %').to.equal(false);
    expect(shrinks(1_000_000, 950_000, defaults), '50,000 rows, 5 %').to.equal(false);
    expect(shrinks(5_000, 4_500, defaults), 'exactly 10 %: not more').to.equal(false);
    expect(shrinks(5_000, 4_499, defaults), '501 rows, 10.02 %').to.equal(true);
    expect(shrinks(1_000, 500, defaults), 'exactly 500 rows: not more').to.equal(false);
  });

  it('never trips from an empty baseline or on growth', () => {
    expect(shrinks(0, 0, defaults)).to.equal(false);
    expect(shrinks(100, 5_000, defaults)).to.equal(false);
  });

  it('follows the configured bounds', () => {
    expect(shrinks(100, 80, { maxShrinkPercent: 5, minShrinkRows: 10 })).to.equal(true);
    expect(shrinks(100, 80, { maxShrinkPercent: 50, minShrinkRows: 10 })).to.equal(false);
  });

  it('compares the rows and each field the baseline has, and describes the drop with the field and the counts', () => {
    const found = findShrinks(
      baseline(4_000, { department: 4_000, manager: 3_900, gone: 10 }),
      { processedRows: 4_000, fields: { department: 0, manager: 3_850, added: 0 } },
      defaults,
    );
    expect(found).to.deep.equal([{ field: 'department', before: 4_000, now: 0 }]);
    expect(describeShrink(found[0]!, 4_000)).to.equal(
      'department: 0 of 4,000 rows have a value, last committed run 4,000 (−100%)',
    );
    expect(describeShrink({ before: 5_000, now: 200 }, 200)).to.equal(
      '200 rows processed, last committed run 5,000 (−96%)',
    );
  });

  it('lists a field beside shrunken rows only when the field shrank by itself: one clause per field that actually shrank', () => {
    const before = baseline(5_000, { department: 5_000, manager: 4_000, title: 5_000, phone: 100 });
    const found = findShrinks(
      before,
      { processedRows: 3_000, fields: { department: 3_000, manager: 1_000, title: 0, phone: 60 } },
      defaults,
    );
    expect(found.map((s) => s.field ?? 'rows')).to.deep.equal(['rows', 'manager', 'title']);
  });
});

describe('commit guards', () => {
  it('refuses a run that shrank, naming the field and the counts, and lets it through with allow-shrink', () => {
    const before = baseline(4_000, { department: 4_000 });
    const guards = new CommitGuards(fakeRunInfo({ targets: ['department'] }), DEFAULT_LIMITS, before);
    expect(() =>
      guards.beforeCommit(fakeDraft({ receivedRows: 4_000, processedRows: 4_000, fieldValues: { department: 0 } })),
    )
      .to.throw(
        FatalError,
        /^Shrink guard: department: 0 of 4,000 rows have a value, last committed run 4,000 \(−100%\)\. Nothing was committed/,
      )
      .with.property('code', 'GUARD_SHRINK');

    const allowed = new CommitGuards(
      fakeRunInfo({ targets: ['department'], allowShrink: true }),
      DEFAULT_LIMITS,
      before,
    );
    const problems = new ProblemLog();
    allowed.beforeCommit(
      fakeDraft({ receivedRows: 4_000, processedRows: 4_000, problems, fieldValues: { department: 0 } }),
    );
    expect(problems.format()).to.equal(
      'Shrink accepted (allow-shrink): department: 0 of 4,000 rows have a value, last committed run 4,000 (−100%)',
    );
  });

  it('refuses a run whose mapping errors pass the share', () => {
    const guards = new CommitGuards(fakeRunInfo({ targets: ['department'] }), DEFAULT_LIMITS, undefined);
    expect(() => guards.beforeCommit(fakeDraft({ receivedRows: 1_000, processedRows: 899, rejectedByMapping: 101 })))
      .to.throw(
        'Too many mapping errors: 101 of 1,000 received rows (10%) were rejected by the mapping, more than limits.maxMappingErrorPercent (10%); nothing was committed',
      )
      .with.property('code', 'GUARD_MAPPING_ERRORS');
    expect(() =>
      guards.beforeCommit(fakeDraft({ receivedRows: 1_000, processedRows: 900, rejectedByMapping: 100 })),
    ).not.to.throw();
    expect(
      () => guards.beforeCommit(fakeDraft({ receivedRows: 0, processedRows: 0 })),
      'an empty source is not refused',
    ).not.to.throw();
  });

  it("keeps the run's counts as the next baseline, only for committed, non-dry runs", () => {
    const guards = new CommitGuards(fakeRunInfo({ targets: ['department', 'manager'] }), DEFAULT_LIMITS, undefined);
    guards.beforeCommit(fakeDraft({ receivedRows: 5, processedRows: 5, fieldValues: { department: 4, manager: 0 } }));
    const ended = {
      ...fakeRunInfo(),
      status: 'success' as const,
      endedAt: new Date('2026-12-02T02:00:00.000Z'),
      durationMs: 1,
      description: '',
      receivedRows: 5,
      processedRows: 5,
      importedRows: 5,
      apiCalls: 1,
    };
    expect(guards.baselineAfter(ended)).to.deep.include({
      processedRows: 5,
      fields: { department: 4, manager: 0 },
      runId: 'run-1',
    });
    expect(guards.baselineAfter({ ...ended, dryRun: true })).to.equal(undefined);
    expect(guards.baselineAfter({ ...ended, status: 'failure' })).to.equal(undefined);
    expect(guards.baselineAfter({ ...ended, status: 'partial' })).not.to.equal(undefined);
  });
});
