import { expect } from 'chai';
import { DEFAULT_LIMITS, type IdentifierKind, type LimitsConfig } from '../../../core/index.js';
import { LimitObserver } from '../limit-observer.js';
import { FakeBatch, FakeControl, fakeDraft, normaliseKey } from './fake-run.js';

// Not a divisor of 3,000,000: the row limit falls in the middle of a batch.
const BATCH = 1999;

/** Feeds `total` rows in source-sized batches until the observer stops reading, like the pipeline. */
function feed(observer: LimitObserver, control: FakeControl, total: number, keyOf: (i: number) => string): number {
  let admitted = 0;
  for (let start = 0; start < total && control.stopCalls === 0; start += BATCH) {
    const keys = Array.from({ length: Math.min(BATCH, total - start) }, (_, j) => keyOf(start + j));
    const batch = new FakeBatch(keys);
    observer.onRows(batch);
    admitted += batch.admittedCount;
  }
  return admitted;
}

/** Finishes a run with `counts`, expects it partial, and returns its problems as described. */
function partialProblems(observer: LimitObserver, counts: { receivedRows: number; processedRows: number }): string {
  const draft = fakeDraft(counts);
  observer.onFinish(draft);
  expect(draft.status).to.equal('partial');
  return draft.problems.format();
}

function observe(kind: IdentifierKind, limits: LimitsConfig = DEFAULT_LIMITS) {
  const control = new FakeControl();
  return { control, observer: new LimitObserver(limits, kind, control) };
}

describe('execution-log limits', () => {
  it('admits exactly maxRowsPerSync of 3,000,001 rows, stops reading, and says so first', () => {
    const { control, observer } = observe('email');
    const admitted = feed(observer, control, 3_000_001, (i) => `u${i}@acme.com`);
    expect(admitted).to.equal(3_000_000);
    expect(control.stopCalls).to.equal(1);
    expect(observer.counts).to.include({ seen: 3_000_001, admitted: 3_000_000, rejectedByRowLimit: 1 });

    const draft = fakeDraft({ receivedRows: 3_000_001, processedRows: 3_000_000 });
    draft.problems.add('Empty identifier', 3);
    observer.onFinish(draft);
    expect(draft.status).to.equal('partial');
    expect(draft.problems.format()).to.match(/^Too many rows received: 3,000,001 received, 3,000,000 processed/);
    expect(draft.problems.format()).to.contain('; Empty identifier (×3)');
  });

  it('stops reading in the middle of a batch and vetoes the rest of it', () => {
    const { control, observer } = observe('upn', { maxRowsPerSync: 5, maxRecordsPerUpn: 1000 });
    const batch = new FakeBatch(['a', 'b', 'c', 'd', 'e', 'f', 'g']);
    observer.onRows(batch);
    expect(control.stopCalls).to.equal(1);
    expect([...batch.rejected.keys()]).to.deep.equal([5, 6]);
    const draft = fakeDraft({ receivedRows: 0 });
    observer.onFinish(draft);
    // totalSize unknown: the rows seen stand for the rows received.
    expect(draft.problems.format()).to.equal(
      'Too many rows received: 7 received, 5 processed (at most 5 rows per sync, limits.maxRowsPerSync)',
    );
  });

  it('with identifier upn, keeps the first 1,000 rows of a shared UPN (trimmed, any case) and names 1 UPN and 200 rows', () => {
    const { control, observer } = observe('upn');
    const variants = ['Shared@Acme.com', ' shared@acme.com', 'SHARED@ACME.COM  ', 'shared@acme.com'];
    const admitted = feed(observer, control, 1300, (i) =>
      normaliseKey(i < 1200 ? variants[i % 4]! : `other${i}@acme.com`),
    );
    expect(admitted).to.equal(1100);
    expect(control.stopCalls).to.equal(0);
    expect(partialProblems(observer, { receivedRows: 1300, processedRows: 1100 })).to.equal(
      'Too many records for one UPN: 1 UPN had more than 1,000 rows; 200 rows ignored',
    );
  });

  it('counts several affected UPNs once each', () => {
    const { control, observer } = observe('upn', { maxRowsPerSync: 100, maxRecordsPerUpn: 2 });
    const admitted = feed(observer, control, 12, (i) => ['a', 'b', 'c'][i % 3]!);
    expect(admitted).to.equal(6);
    const draft = fakeDraft();
    observer.onFinish(draft);
    expect(draft.problems.format()).to.equal(
      'Too many records for one UPN: 3 UPNs each had more than 2 rows; 6 rows ignored',
    );
  });

  it('with identifier email, has no per-UPN limit', () => {
    const { control, observer } = observe('email');
    const admitted = feed(observer, control, 1300, (i) => (i < 1200 ? 'shared@acme.com' : `other${i}@acme.com`));
    expect(admitted).to.equal(1300);
    const draft = fakeDraft();
    observer.onFinish(draft);
    expect(draft.status).to.equal('success');
    expect(draft.problems.size).to.equal(0);
  });

  it('skips rows an earlier stage already vetoed, without counting them', () => {
    const { observer } = observe('upn', { maxRowsPerSync: 2, maxRecordsPerUpn: 1 });
    const batch = new FakeBatch(['a', 'a', 'b', 'c']);
    batch.reject(0, 'Empty identifier');
    observer.onRows(batch);
    expect(batch.rejected.get(0)).to.equal('Empty identifier');
    expect(batch.admitted(1) && batch.admitted(2)).to.equal(true);
    expect(batch.rejected.get(3)).to.equal('');
  });

  it('forgets its counts when the source restarts', () => {
    const { control, observer } = observe('upn', { maxRowsPerSync: 3, maxRecordsPerUpn: 1 });
    observer.onRows(new FakeBatch(['a', 'a', 'b', 'c']));
    expect(control.stopCalls).to.equal(1);
    observer.onRestart();
    const again = new FakeBatch(['a', 'b', 'c']);
    observer.onRows(again);
    expect(again.admittedCount).to.equal(3);
    const draft = fakeDraft();
    observer.onFinish(draft);
    expect(draft.status).to.equal('success');
    expect(draft.problems.size).to.equal(0);
  });

  it('reports the rows a source left unread when it stopped by itself at the limit (totalSize above it)', () => {
    const { control, observer } = observe('email', { maxRowsPerSync: 4, maxRecordsPerUpn: 1000 });
    const batch = new FakeBatch(['a', 'b', 'c', 'd']);
    observer.onRows(batch);
    expect(batch.admittedCount).to.equal(4);
    expect(control.stopCalls).to.equal(1);
    expect(partialProblems(observer, { receivedRows: 10, processedRows: 4 })).to.equal(
      'Too many rows received: 10 received, 4 processed (at most 4 rows per sync, limits.maxRowsPerSync)',
    );
  });

  it('says nothing when a source delivered fewer rows than it announced, below the limit', () => {
    const { observer } = observe('email', { maxRowsPerSync: 40, maxRecordsPerUpn: 1000 });
    observer.onRows(new FakeBatch(['a', 'b', 'c', 'd']));
    const draft = fakeDraft({ receivedRows: 10, processedRows: 4 });
    observer.onFinish(draft);
    expect(draft.status).to.equal('success');
    expect(draft.problems.size).to.equal(0);
  });

  it('describes its own vetoes once, first, and keeps every other problem with its count', () => {
    const { observer } = observe('upn', { maxRowsPerSync: 6, maxRecordsPerUpn: 2 });
    const draft = fakeDraft({ receivedRows: 9, processedRows: 4 });
    draft.problems.add('Rows ignored because their identifier is empty', 1);
    const batch = new FakeBatch(['a', 'a', 'a', 'b', 'b', 'b', 'c', 'd', 'e'], draft.problems);
    observer.onRows(batch);
    draft.problems.add('Row rejected: department is an object', 2);
    observer.onFinish(draft);
    expect(draft.problems.format()).to.equal(
      'Too many rows received: 9 received, 4 processed (at most 6 rows per sync, limits.maxRowsPerSync); ' +
        'Too many records for one UPN: 2 UPNs each had more than 2 rows; 2 rows ignored; ' +
        'Rows ignored because their identifier is empty; Row rejected: department is an object (×2)',
    );
  });

  it('leaves a failed run failed, its error first', () => {
    const { observer } = observe('upn', { maxRowsPerSync: 1, maxRecordsPerUpn: 1 });
    const draft = fakeDraft({ status: 'failure' });
    observer.onRows(new FakeBatch(['a', 'b'], draft.problems));
    draft.problems.add('Salesforce refused the query: MALFORMED_QUERY', 1, { priority: 100, counted: false });
    observer.onFinish(draft);
    expect(draft.status).to.equal('failure');
    expect(draft.problems.format()).to.equal(
      'Salesforce refused the query: MALFORMED_QUERY; Too many rows received: 2 received, 1 processed (at most 1 row per sync, limits.maxRowsPerSync)',
    );
  });
});
