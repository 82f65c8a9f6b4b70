import { expect } from 'chai';
import * as v from 'valibot';
import { salesforceParameters } from '../src/parameters.js';
import { MAX_STREAMS } from '../src/parameters.js';
import {
  bulkUnsupported,
  describeReadPlan,
  planRead,
  pagesHeldFor,
  rangeCount,
  streamsFor,
  type FirstPageAnswer,
  type ReadPlan,
} from '../src/read-plan.js';

const parameters = (extra: Record<string, unknown>) =>
  v.parse(salesforceParameters, { query: 'SELECT Id FROM User', ...extra });
const UNSPLITTABLE = 'SELECT Id FROM User ORDER BY Username';
const NOT_FOR_BULK = 'SELECT Id FROM User GROUP BY Department';

/** A plan with its split and its reason left out: a plan shape to compare. */
function shape(plan: ReadPlan): unknown {
  if (plan.kind === 'ranges') return { kind: 'ranges', streams: plan.streams, ranges: plan.ranges, pages: plan.pages };
  if (plan.kind === 'bulk') return { kind: 'bulk', reason: plan.reason, fallback: shape(plan.fallback) };
  return plan;
}

/**
 * A first page of 2,000 rows that took 400 ms: ten streams under `concurrency: auto` (2,000 rows are 40 ms
 * of the host's work); its body is 725,000 characters (six fields), so 34 pages are held at most.
 */
const many = (total: number, ms = 400, bodyLength = 725_000): FirstPageAnswer => ({
  total,
  done: false,
  rows: 2_000,
  ms,
  bodyLength,
});

describe('salesforce-user-attributes read plan', () => {
  it('before any page: a Bulk job at once only under api: bulk for a query Bulk runs, whose fallback starts with the first page', () => {
    expect(planRead(parameters({ api: 'bulk' }))).to.deep.equal({
      kind: 'bulk',
      reason: 'api: bulk',
      fallback: { kind: 'first-page' },
    });
    expect(planRead(parameters({ api: 'bulk', query: NOT_FOR_BULK }))).to.deep.equal({
      kind: 'first-page',
      bulkUnsupported: 'Bulk API 2.0 does not run GROUP BY',
    });
    for (const api of ['auto', 'rest'])
      expect(planRead(parameters({ api })), api).to.deep.equal({ kind: 'first-page' });
  });

  it('api: auto: Bulk from bulkThreshold rows with the REST way for that many rows as fallback, REST below', () => {
    const auto = parameters({});
    expect(shape(planRead(auto, many(1_000_000)))).to.deep.equal({
      kind: 'bulk',
      reason: 'api: auto and 1,000,000 rows (bulkThreshold 1,000,000)',
      fallback: { kind: 'ranges', streams: 10, ranges: 527, pages: 34 },
    });
    expect(shape(planRead(auto, many(999_999)))).to.deep.equal({ kind: 'ranges', streams: 10, ranges: 527, pages: 34 });
    expect(shape(planRead(parameters({ query: UNSPLITTABLE }), many(2_000_000)))).to.deep.equal({
      kind: 'bulk',
      reason: 'api: auto and 2,000,000 rows (bulkThreshold 1,000,000)',
      fallback: { kind: 'sequential', reason: 'the query cannot be split into Id ranges: it has its own ORDER BY' },
    });
    expect(shape(planRead(parameters({ concurrency: 1, bulkThreshold: 20_000 }), many(20_000)))).to.deep.equal({
      kind: 'bulk',
      reason: 'api: auto and 20,000 rows (bulkThreshold 20,000)',
      fallback: { kind: 'sequential', reason: 'concurrency is 1' },
    });
    expect(planRead(parameters({ query: NOT_FOR_BULK }), many(5_000_000))).to.deep.equal({
      kind: 'sequential',
      reason: 'the query cannot be split into Id ranges: it has its own GROUP BY',
    });
  });

  it('REST: one page, concurrency 1, up to 10,000 rows or a query the split would change read one page after the other; else Id ranges', () => {
    for (const api of ['rest', 'auto', 'bulk']) {
      expect(
        planRead(parameters({ api, bulkThreshold: 1 }), {
          total: 1_500,
          done: true,
          rows: 1_500,
          ms: 900,
          bodyLength: 540_000,
        }),
        api,
      ).to.deep.equal({
        kind: 'sequential',
        reason: 'one page',
      });
    }
    expect(planRead(parameters({ api: 'rest', concurrency: 1 }), many(500_000))).to.deep.equal({
      kind: 'sequential',
      reason: 'concurrency is 1',
    });
    expect(planRead(parameters({ api: 'rest' }), many(10_000))).to.deep.equal({
      kind: 'sequential',
      reason: '10,000 rows (concurrent Id ranges from 10,001)',
    });
    expect(shape(planRead(parameters({ api: 'rest' }), many(10_001)))).to.deep.equal({
      kind: 'ranges',
      streams: 10,
      ranges: 20,
      pages: 34,
    });
    expect(shape(planRead(parameters({ api: 'rest', concurrency: 4 }), many(5_000_000)))).to.deep.equal({
      kind: 'ranges',
      streams: 4,
      ranges: 2_000,
      pages: 34,
    });
    expect(planRead(parameters({ api: 'rest', query: UNSPLITTABLE }), many(50_000)).kind).to.equal('sequential');
    expect(
      planRead(parameters({ api: 'rest', query: 'SELECT Id FROM User WHERE IsActive = true' }), many(50_000)).kind,
    ).to.equal('ranges');
  });

  it('api: bulk with a first page (the fallback, or a query Bulk does not run): the REST way for its rows, never Bulk again', () => {
    expect(shape(planRead(parameters({ api: 'bulk' }), many(5_000_000)))).to.deep.equal({
      kind: 'ranges',
      streams: 10,
      ranges: 2_000,
      pages: 34,
    });
    expect(planRead(parameters({ api: 'bulk' }), many(4_500))).to.deep.equal({
      kind: 'sequential',
      reason: '4,500 rows (concurrent Id ranges from 10,001)',
    });
    expect(planRead(parameters({ api: 'bulk', query: NOT_FOR_BULK }), many(50_000)).kind).to.equal('sequential');
  });

  it("concurrency: auto: as many streams as the first page holds the host's work on its rows, bounded; few read one page after the other", () => {
    expect([20, 79, 80, 119, 120, 400, 1_000, 1_280, 60_000].map((ms) => streamsFor(ms, 2_000))).to.deep.equal([
      1, 1, 2, 2, 3, 10, 25, 32, 32,
    ]);
    expect(streamsFor(100, 200), 'a page of 200 rows is 4 ms of work').to.equal(25);
    expect(streamsFor(0, 0)).to.equal(1);
    expect(MAX_STREAMS).to.equal(32);
    const auto = parameters({ api: 'rest' });
    expect(planRead(auto, many(300_000, 60))).to.deep.equal({
      kind: 'sequential',
      reason:
        'concurrency is auto and the first page took 60 ms for 2,000 rows: too little latency for Id ranges to pay (from 3 streams)',
    });
    expect(planRead(auto, many(300_000, 119)).kind, 'two streams do not pay').to.equal('sequential');
    const slow = planRead(auto, many(300_000, 780));
    expect(shape(slow)).to.deep.equal({ kind: 'ranges', streams: 19, ranges: 158, pages: 34 });
    expect(slow.kind === 'ranges' && slow.reason).to.equal(
      'concurrency is auto and the first page took 780 ms for 2,000 rows',
    );
    expect(shape(planRead(auto, many(300_000, 120)))).to.deep.equal({
      kind: 'ranges',
      streams: 3,
      ranges: 158,
      pages: 34,
    });
    expect(shape(planRead(auto, many(300_000, 20_000, 100_000)))).to.deep.equal({
      kind: 'ranges',
      streams: 32,
      ranges: 158,
      pages: 64,
    });
    expect(planRead(auto, many(10_000, 20_000)).kind, 'few rows stay sequential, however slow').to.equal('sequential');
  });

  it("concurrency: auto: no more streams than the pages whose bodies, as long as the first page's, 24 Mi characters hold", () => {
    expect([725_000, 1_048_576, 100_000, 10_000_000, 0].map(pagesHeldFor)).to.deep.equal([34, 24, 64, 3, 64]);
    const auto = parameters({ api: 'rest' });
    const capped = planRead(auto, many(300_000, 1_000, 1_048_576));
    expect(shape(capped)).to.deep.equal({ kind: 'ranges', streams: 24, ranges: 158, pages: 24 });
    expect(capped.kind === 'ranges' && capped.reason).to.equal(
      'concurrency is auto and the first page took 1,000 ms for 2,000 rows (1,048,576 characters): as many streams as pages held',
    );
    expect(shape(planRead(auto, many(300_000, 1_000, 4_000_000)))).to.deep.equal({
      kind: 'ranges',
      streams: 6,
      ranges: 158,
      pages: 6,
    });
    expect(planRead(auto, many(300_000, 60, 8_000_000)).kind, 'little latency stays sequential').to.equal('sequential');
    const configured = planRead(parameters({ api: 'rest', concurrency: 12 }), many(300_000, 1_000, 4_000_000));
    expect(shape(configured), 'a configured concurrency holds a page per stream at least').to.deep.equal({
      kind: 'ranges',
      streams: 12,
      ranges: 158,
      pages: 12,
    });
  });

  it('a configured concurrency is kept whatever the first page took; 1 reads one page after the other', () => {
    for (const ms of [5, 400, 20_000]) {
      expect(shape(planRead(parameters({ api: 'rest', concurrency: 6 }), many(300_000, ms))), `${ms} ms`).to.deep.equal(
        { kind: 'ranges', streams: 6, ranges: 158, pages: 34 },
      );
      expect(planRead(parameters({ api: 'rest', concurrency: 1 }), many(300_000, ms))).to.deep.equal({
        kind: 'sequential',
        reason: 'concurrency is 1',
      });
    }
    const plan = planRead(parameters({ api: 'rest', concurrency: 32 }), many(300_000, 5));
    expect(plan.kind === 'ranges' && [plan.streams, plan.pages, plan.reason]).to.deep.equal([
      32,
      34,
      'concurrency is 32',
    ]);
  });

  it('cuts ranges of 95 % of a page (of 200 rows at least) at most, two per stream at least, 2,000 at most', () => {
    expect([
      rangeCount(10_001, 10, 2_000),
      rangeCount(300_000, 10, 2_000),
      rangeCount(300_000, 4, 200),
      rangeCount(100_000_000, 10, 2_000),
      rangeCount(20_000, 3, 1),
    ]).to.deep.equal([20, 158, 1_579, 2_000, 106]);
    expect(bulkUnsupported("SELECT Id FROM User WHERE Title = 'group by'")).to.equal(undefined);
  });

  it('tells check which way a run would read, and why', () => {
    expect(describeReadPlan(parameters({}), 4_500)).to.equal(
      'A run reads the REST query API one page after the other: 4,500 rows (concurrent Id ranges from 10,001)',
    );
    expect(describeReadPlan(parameters({ query: UNSPLITTABLE }), 50_000)).to.equal(
      'A run reads the REST query API one page after the other: the query cannot be split into Id ranges: it has its own ORDER BY',
    );
    expect(describeReadPlan(parameters({}), 50_000)).to.equal(
      'A run reads the REST query API in Id ranges, as many streams at once as the latency of its first page calls for (up to 32), or one page after the other when that latency is low',
    );
    expect(describeReadPlan(parameters({ concurrency: 10 }), 50_000)).to.equal(
      'A run reads the REST query API in Id ranges, 10 streams at once',
    );
    expect(describeReadPlan(parameters({ concurrency: 1 }), 50_000)).to.equal(
      'A run reads the REST query API one page after the other: concurrency is 1',
    );
    expect(describeReadPlan(parameters({}), 2_000_000)).to.equal(
      'A run reads with Bulk API 2.0 (api: auto and 2,000,000 rows (bulkThreshold 1,000,000))',
    );
    expect(describeReadPlan(parameters({ api: 'bulk' }), 500)).to.equal('A run reads with Bulk API 2.0 (api: bulk)');
    expect(describeReadPlan(parameters({ api: 'bulk', query: 'SELECT COUNT() FROM User' }), 1_000)).to.equal(
      'A run reads the REST query API one page after the other: 1,000 rows (concurrent Id ranges from 10,001) (api: bulk, but Bulk API 2.0 does not run aggregates, FIELDS() or sub-queries: read with the REST API)',
    );
  });
});
