import { expect } from 'chai';
import nock from 'nock';
import { FatalError, isTributaryError } from 'tributary-kit';
import { FIXTURE_BASE_URL } from './support/fixtures.js';
import { readFixture, type FixtureRun } from './support/run-fixture.js';
import { TEST_BULK } from './support/sandbox-read.js';

const JOBS = '/services/data/v62.0/jobs/query';
const JOB_ID = '750010000000001AAA';
const QUERY = 'SELECT Id, Username FROM User';
const USER_FIELDS = {
  fields: [
    { name: 'Id', type: 'id', relationshipName: null, referenceTo: [] },
    { name: 'Username', type: 'string', relationshipName: null, referenceTo: [] },
  ],
};

const salesforce = (): nock.Scope => nock(FIXTURE_BASE_URL);
const userId = (n: number): string => `0050100000000${String(n).padStart(2, '0')}AAA`;
/** A result set's CSV: the header, then one row per user number. */
const csv = (...users: number[]): string =>
  ['"Id","Username"', ...users.map((n) => `"${userId(n)}","user${n}@acme.example"`)].join('\n') + '\n';

function completeJob(rows: number): void {
  salesforce()
    .post(JOBS)
    .reply(200, { id: JOB_ID, state: 'JobComplete', object: 'User', numberRecordsProcessed: rows });
}
/** The describe of User; `optional` when the read may fail before it needs the types. */
function describeUser(optional = false): void {
  salesforce().get('/services/data/v62.0/sobjects/User/describe').optionally(optional).reply(200, USER_FIELDS);
}
/** The result set a request with `locator` gets (none: the first), naming `next` (`null` after the last). */
function resultSet(locator: string | undefined, body: string, next: string, optional = false): void {
  salesforce()
    .get(`${JOBS}/${JOB_ID}/results`)
    .query({ maxRecords: String(TEST_BULK.maxRecords), ...(locator === undefined ? {} : { locator }) })
    .optionally(optional)
    .reply(200, body, {
      'Content-Type': 'text/csv',
      'Sforce-Locator': next,
      'Sforce-NumberOfRecords': String(body.trimEnd().split('\n').length - 1),
    });
}
function deleteJob(id = JOB_ID): void {
  salesforce().delete(`${JOBS}/${id}`).reply(204);
}

const read = (): Promise<FixtureRun> =>
  readFixture(undefined, { parameters: { api: 'bulk', query: QUERY }, bulk: TEST_BULK });
const codeOf = (error: unknown): unknown => (isTributaryError(error) ? error.code : error);
const resultRequests = (run: FixtureRun): string[] =>
  run.http.paths.filter((p) => p.startsWith(`${JOBS}/${JOB_ID}/results`));

describe('salesforce-user-attributes read: Bulk API 2.0 answers that do not add up', () => {
  describe('result sets that do not advance', () => {
    it('fails with SF_PAGING_LOOP when a Sforce-Locator comes back, after one request for it, and deletes the job', async () => {
      completeJob(3);
      describeUser();
      resultSet(undefined, csv(1), 'TDE');
      resultSet('TDE', csv(2), 'TDE');
      deleteJob();
      const run = await read();
      expect(run.error).to.be.instanceOf(FatalError);
      expect(codeOf(run.error)).to.equal('SF_PAGING_LOOP');
      expect((run.error as Error).message).to.equal(
        `Salesforce paging does not advance: Bulk API 2.0 job ${JOB_ID}'s Sforce-Locator TDE came back a second time; the query was stopped (a proxy or the org misbehaves)`,
      );
      expect(resultRequests(run)).to.have.length(2);
      expect(run.http.paths.at(-1)).to.equal(`${JOBS}/${JOB_ID}`); // the deletion
    });

    it('fails with SF_PAGING_LOOP when the locators go round in a circle', async () => {
      completeJob(4);
      describeUser();
      resultSet(undefined, csv(1), 'TDE');
      resultSet('TDE', csv(2), 'TDF');
      resultSet('TDF', csv(3), 'TDE');
      deleteJob();
      const run = await read();
      expect(codeOf(run.error)).to.equal('SF_PAGING_LOOP');
      expect((run.error as Error).message).to.include('Sforce-Locator TDE came back a second time');
      expect(resultRequests(run)).to.have.length(3);
    });

    it('fails with SF_PAGING_LOOP after 5 empty result sets in a row that name a next one', async () => {
      completeJob(0);
      describeUser();
      resultSet(undefined, csv(), 'L1');
      for (let n = 1; n < 5; n++) resultSet(`L${n}`, csv(), `L${n + 1}`);
      resultSet('L5', csv(), 'L6', true); // fetched ahead while the fifth is read, or not
      deleteJob();
      const run = await read();
      expect(codeOf(run.error)).to.equal('SF_PAGING_LOOP');
      expect((run.error as Error).message).to.include(
        `5 empty result sets of Bulk API 2.0 job ${JOB_ID} in a row said more records follow`,
      );
      expect(resultRequests(run).length).to.be.within(5, 6);
    });
  });

  describe('job ids', () => {
    for (const id of [
      '../../sobjects/User/005010000000001AAA',
      '005010000000001AAA',
      `${JOB_ID}/../../x`,
      '750',
      '',
      42,
      null,
    ]) {
      it(`refuses the job id ${JSON.stringify(id)} and sends no request with it`, async () => {
        salesforce().post(JOBS).reply(200, { id, state: 'UploadComplete', object: 'User' });
        const run = await read();
        expect(codeOf(run.error)).to.equal('SF_UNEXPECTED_RESPONSE');
        expect((run.error as Error).message).to.match(
          /^Salesforce answered a Bulk API 2\.0 query job whose id is not a query job's id \(.*\): no request was sent for it$/,
        );
        expect(run.http.paths).to.deep.equal([JOBS]);
        expect(run.rows).to.deep.equal([]);
      });
    }

    for (const id of ['../../sobjects/User/005010000000001AAA', '750010000000002AAA']) {
      it(`refuses a poll answer for job ${JSON.stringify(id)}, then aborts and deletes the job it created`, async () => {
        salesforce().post(JOBS).reply(200, { id: JOB_ID, state: 'UploadComplete', object: 'User' });
        salesforce()
          .get(`${JOBS}/${JOB_ID}`)
          .reply(200, { id, state: 'JobComplete', object: 'User', numberRecordsProcessed: 1 });
        salesforce()
          .patch(`${JOBS}/${JOB_ID}`, { state: 'Aborted' })
          .reply(200, { id: JOB_ID, state: 'Aborted', object: 'User' });
        deleteJob();
        const run = await read();
        expect(codeOf(run.error)).to.equal('SF_UNEXPECTED_RESPONSE');
        expect(run.http.paths).to.deep.equal([JOBS, `${JOBS}/${JOB_ID}`, `${JOBS}/${JOB_ID}`, `${JOBS}/${JOB_ID}`]);
      });
    }
  });

  describe('answers that are not JSON', () => {
    for (const body of ['<html><body>Gateway timeout</body></html>', '', '[1,2]', '{"id": "750']) {
      it(`fails a job answer of ${JSON.stringify(body)} with SF_UNEXPECTED_RESPONSE, not an unexpected error`, async () => {
        salesforce().post(JOBS).reply(200, body, { 'Content-Type': 'application/json' });
        const run = await read();
        expect(codeOf(run.error)).to.equal('SF_UNEXPECTED_RESPONSE');
        expect((run.error as Error).message).to.match(
          /^Salesforce answered a Bulk API 2\.0 query job request with a body that is not a JSON object \(/,
        );
        expect(run.rows).to.deep.equal([]);
      });
    }

    it('fails a describe that is not JSON with SF_UNEXPECTED_RESPONSE, and deletes the job', async () => {
      completeJob(1);
      salesforce().get('/services/data/v62.0/sobjects/User/describe').reply(200, '<html>maintenance</html>');
      resultSet(undefined, csv(1), 'null', true);
      deleteJob();
      const run = await read();
      expect(codeOf(run.error)).to.equal('SF_UNEXPECTED_RESPONSE');
      expect((run.error as Error).message).to.equal(
        'Salesforce answered the describe of User with a body that is not a JSON object ("<html>maintenance</html>")',
      );
    });
  });

  describe('malformed CSV', () => {
    it('names the job and the result set by its locator, and deletes the job', async () => {
      completeJob(3);
      describeUser();
      resultSet(undefined, csv(1), 'TDE');
      resultSet('TDE', `"Id","Username"\n"${userId(2)}","unclosed\n`, 'null');
      deleteJob();
      const run = await read();
      expect(run.error).to.be.instanceOf(FatalError);
      expect(codeOf(run.error)).to.equal('SF_BULK_MALFORMED_CSV');
      expect((run.error as Error).message).to.equal(
        `Bulk API 2.0 job ${JOB_ID}: result set 2 (Sforce-Locator TDE) is not valid CSV: Quote Not Closed: the parsing is finished with an opening quote at line 2`,
      );
      expect(isTributaryError(run.error) && run.error.details).to.deep.equal({
        jobId: JOB_ID,
        resultSet: 2,
        locator: 'TDE',
      });
      expect(run.rows.map((r) => r['Id'])).to.deep.equal([userId(1)]);
      expect(run.http.paths.at(-1)).to.equal(`${JOBS}/${JOB_ID}`);
    });

    it('names the first result set, which has no locator', async () => {
      completeJob(1);
      describeUser(true); // the parser may fail before the header reaches the reader
      resultSet(undefined, `"Id","Username"\n"${userId(1)}","user1@acme.example","extra"\n`, 'null');
      deleteJob();
      const run = await read();
      expect(codeOf(run.error)).to.equal('SF_BULK_MALFORMED_CSV');
      expect((run.error as Error).message).to.match(
        new RegExp(
          `^Bulk API 2\\.0 job ${JOB_ID}: result set 1 \\(the first, no locator\\) is not valid CSV: Invalid Record Length: `,
        ),
      );
    });
  });
});
