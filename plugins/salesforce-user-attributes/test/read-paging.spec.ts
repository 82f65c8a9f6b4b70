import { expect } from 'chai';
import nock from 'nock';
import { FIXTURE_BASE_URL } from './support/fixtures.js';
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

  it('strips attributes at every depth of nested relationships', async () => {
    const run = await readFixture('relationship-nulls', {
      parameters: { query: 'SELECT Id, Username, Department, Manager.Name, Manager.Manager.Name FROM User' },
    });
    expect(run.error).to.equal(undefined);
    expect(run.rows[1]).to.deep.equal({ Id: '005000000000002AAA', Username: 'user2@acme.example', Department: 'Sales', Manager: null });
    expect(run.rows[2]).to.deep.equal({
      Id: '005000000000004AAA',
      Username: 'user4@acme.example',
      Department: null,
      Manager: { Name: 'Ada Boss', Manager: { Name: 'Grace Top', Manager: null } },
    });
  });

  it('treats a page without done as the last one', async () => {
    const run = await readFixture('missing-done');
    expect(run.error).to.equal(undefined);
    expect(run.rows.map((r) => r['Id'])).to.deep.equal(['005000000000001AAA', '005000000000002AAA', '005000000000003AAA']);
    expect(run.http.paths).to.have.length(2);
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

  it('sends the batch size and the queryAll resource with the configured API version', async () => {
    let header: string | undefined;
    nock(FIXTURE_BASE_URL)
      .get('/services/data/v61.0/queryAll')
      .query({ q: 'SELECT Id FROM User WHERE Department = \'R&D\'' })
      .reply(function () {
        header = this.req.headers['sforce-query-options'] as string | undefined;
        return [200, { totalSize: 0, done: true, records: [] }];
      });
    const run = await readFixture(undefined, {
      parameters: { query: "SELECT Id FROM User WHERE Department = 'R&D'", queryAll: true, batchSize: 500, apiVersion: '61.0' },
    });
    expect(run.error).to.equal(undefined);
    expect(run.batches).to.deep.equal([{ records: [] }]);
    expect(header).to.equal('batchSize=500');
  });
});
