import { expect } from 'chai';
import nock from 'nock';
import { FIXTURE_BASE_URL } from './support/fixtures.js';
import { RELATIONSHIP_QUERY } from './scenarios.js';
import { readFixture } from './support/run-fixture.js';

const QUERY_PATH = /^\/services\/data\/v62\.0\/query\?q=/;
const LOCATOR_PATH = /^\/services\/data\/v62\.0\/query\/0r8/;

describe('salesforce-user-attributes read: paging', () => {
  it('reads 4,500 users in 3 query requests, following nextRecordsUrl until done', async () => {
    const run = await readFixture('users-4500');
    expect(run.error).to.equal(undefined);
    expect(run.rows).to.have.length(4_500);
    expect(new Set(run.rows.map((r) => r['Id'])).size).to.equal(4_500);
    expect(run.batches.map((b) => b.records.length)).to.deep.equal([2_000, 2_000, 500]);
    expect(run.http.paths).to.have.length(3);
    expect(run.http.paths[0]).to.match(QUERY_PATH);
    expect(run.http.paths.slice(1).every((p) => LOCATOR_PATH.test(p))).to.equal(true);
    expect(run.context.expected).to.deep.equal([4_500]);
    expect(run.context.expectedFrom).to.deep.equal(["Salesforce (the query's totalSize)"]);
    expect(run.context.apiCalls).to.equal(3);
    expect(run.batches.some((b) => b.restarted !== undefined)).to.equal(false);
  });

  it('strips attributes from every record and nested relationship, keeping null relationships null', async () => {
    const run = await readFixture('users-4500');
    expect(run.rows.every((r) => !('attributes' in r))).to.equal(true);
    const managed = run.rows.filter((r) => r['Manager'] !== null);
    const unmanaged = run.rows.filter((r) => r['Manager'] === null);
    expect(managed.length).to.be.greaterThan(0);
    expect(unmanaged.length).to.be.greaterThan(0);
    for (const row of managed) expect(Object.keys(row['Manager'] as object)).to.deep.equal(['Name']);
  });

  it('strips attributes at every depth of nested relationships, keeping nulls null at any depth', async () => {
    const run = await readFixture('relationship-nulls', { parameters: { query: RELATIONSHIP_QUERY } });
    expect(run.error).to.equal(undefined);
    expect(run.rows).to.deep.equal([
      {
        Id: '005010000000004AAA',
        Username: 'hannah.santos.4@acme.example',
        FederationIdentifier: 'hannah.santos.4@acme.example',
        Manager: null,
      },
      {
        Id: '005010000000006AAA',
        Username: 'noah.hansen.6@acme.example',
        FederationIdentifier: 'noah.hansen.6@acme.example',
        Manager: { Name: 'Hannah Santos', Manager: null },
      },
      {
        Id: '00501000000000rAAA',
        Username: 'karin.jensen.53@acme.example',
        FederationIdentifier: null,
        Manager: { Name: 'Noah Hansen', Manager: { Name: 'Hannah Santos' } },
      },
    ]);
  });

  it('treats a page without done as the last one', async () => {
    const run = await readFixture('missing-done');
    expect(run.error).to.equal(undefined);
    expect(run.rows.map((r) => r['Id'])).to.deep.equal([
      '005010000000001AAA',
      '005010000000002AAA',
      '005010000000003AAA',
      '005010000000004AAA',
      '005010000000005AAA',
    ]);
    expect(run.http.paths).to.have.length(3);
  });

  it('fetches no further page once maxRows rows were received', async () => {
    const run = await readFixture('row-limit', { maxRows: 2 });
    expect(run.error).to.equal(undefined);
    expect(run.rows).to.have.length(2);
    expect(run.http.paths).to.have.length(1); // page 2 exists (done: false) but was never requested
    expect(run.context.expected).to.deep.equal([5]);
  });

  for (const prefetch of [0, 2, 4]) {
    it(`delivers the same rows in order with prefetch ${prefetch}`, async () => {
      const run = await readFixture('users-4500', { parameters: { prefetch } });
      expect(run.error).to.equal(undefined);
      expect(run.batches.map((b) => b.records.length)).to.deep.equal([2_000, 2_000, 500]);
      expect(run.http.paths).to.have.length(3);
    });
  }

  describe('paging loops', () => {
    const locator = (n: number): string => `/services/data/v62.0/query/0r8010000000000001-${n}`;
    const page = (next: string | undefined, records: object[] = []) => ({
      totalSize: 40,
      done: next === undefined,
      nextRecordsUrl: next,
      records,
    });
    const user = { attributes: { type: 'User' }, Id: '005010000000001AAA', Username: 'ada@acme.example' };

    it('fails when nextRecordsUrl comes back a second time, after one request for it', async () => {
      nock(FIXTURE_BASE_URL)
        .get(QUERY_PATH)
        .reply(200, page(locator(2), [user]));
      nock(FIXTURE_BASE_URL)
        .get(locator(2))
        .reply(200, page(locator(2)));
      const run = await readFixture(undefined);
      expect((run.error as { code?: string }).code).to.equal('SF_PAGING_LOOP');
      expect((run.error as Error).message).to.equal(
        `Salesforce paging does not advance: nextRecordsUrl ${locator(2)} came back a second time; the query was stopped (a proxy or the org misbehaves)`,
      );
      expect(run.http.paths).to.have.length(2);
    });

    it('fails after 5 empty pages in a row that say more records follow', async () => {
      nock(FIXTURE_BASE_URL)
        .get(QUERY_PATH)
        .reply(200, page(locator(1)));
      for (let n = 1; n < 5; n++)
        nock(FIXTURE_BASE_URL)
          .get(locator(n))
          .reply(200, page(locator(n + 1)));
      const run = await readFixture(undefined);
      expect((run.error as Error).message).to.include('5 empty pages in a row said more records follow');
      expect(run.http.paths).to.have.length(5);
    });

    it('accepts a few empty pages between full ones', async () => {
      nock(FIXTURE_BASE_URL)
        .get(QUERY_PATH)
        .reply(200, page(locator(1)));
      nock(FIXTURE_BASE_URL)
        .get(locator(1))
        .reply(200, page(locator(2)));
      nock(FIXTURE_BASE_URL)
        .get(locator(2))
        .reply(200, page(undefined, [user]));
      const run = await readFixture(undefined);
      expect(run.error).to.equal(undefined);
      expect(run.rows).to.have.length(1);
    });
  });

  it('sends the batch size and the queryAll resource with the configured API version', async () => {
    let header: string | undefined;
    nock(FIXTURE_BASE_URL)
      .get('/services/data/v61.0/queryAll')
      .query({ q: "SELECT Id FROM User WHERE Department = 'R&D'" })
      .reply(function () {
        header = this.req.headers['sforce-query-options'] as string | undefined;
        return [200, { totalSize: 0, done: true, records: [] }];
      });
    const run = await readFixture(undefined, {
      parameters: {
        query: "SELECT Id FROM User WHERE Department = 'R&D'",
        queryAll: true,
        batchSize: 500,
        apiVersion: '61.0',
      },
    });
    expect(run.error).to.equal(undefined);
    expect(run.batches).to.deep.equal([{ records: [] }]);
    expect(header).to.equal('batchSize=500');
  });
});
